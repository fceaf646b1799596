package dev.packyard.benchmark;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection over a plain blocking socket: writes a prepared request
 * (with its body, for an upload), reads the status and headers, and reads and discards the
 * response body (Content-Length, chunked, or until close), keeping its first bytes only when
 * asked to. Deliberately minimal so that the client spends as little CPU as possible per
 * request; it reconnects by itself when the server closes the connection.
 */
final class HttpConnection implements Closeable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress address;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** When not null, the first bytes of each response body are kept here (for error messages). */
    private byte[] capture;
    private int captured;

    HttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    /**
     * Sends the request (head, and body if any, in one write) and consumes the whole response;
     * returns its status code.
     */
    int exchange(byte[] request, boolean head) throws IOException {
        if (socket == null) {
            connect();
        }
        captured = 0;
        out.write(request);
        out.flush();

        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        boolean noBody = head || status == 204 || status == 304 || status < 200;
        if (!noBody) {
            if (chunked) {
                skipChunked();
            } else if (contentLength >= 0) {
                skip(contentLength);
            } else {
                skipToEnd();
                close = true;
            }
        }
        if (close) {
            close();
        }
        return status;
    }

    /** Keeps up to {@code bytes} of every response body from now on, for {@link #lastBody()}. */
    void captureBodies(int bytes) {
        capture = new byte[bytes];
    }

    /** The start of the last response's body (empty unless {@link #captureBodies(int)} was called). */
    String lastBody() {
        return capture == null ? "" : new String(capture, 0, captured, StandardCharsets.UTF_8);
    }

    private void keep(int from, int length) {
        if (capture != null && captured < capture.length) {
            int n = Math.min(length, capture.length - captured);
            System.arraycopy(buffer, from, capture, captured, n);
            captured += n;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(address, TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        position = 0;
        limit = 0;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** Reads one header line (without CRLF) as ISO-8859-1. */
    private String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed by the server");
            }
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
                    position = i + 1;
                    if (line == null) {
                        return part;
                    }
                    line.append(part);
                    int last = line.length() - 1;
                    if (last >= 0 && line.charAt(last) == '\r') {
                        line.setLength(last);
                    }
                    return line.toString();
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
            position = limit;
        }
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("body ended " + left + " bytes early");
            }
            int take = (int) Math.min(left, limit - position);
            keep(position, take);
            position += take;
            left -= take;
        }
    }

    private void skipChunked() throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // Trailers, then an empty line.
                while (!readLine().isEmpty()) {
                    // discard
                }
                return;
            }
            skip(size);
            readLine();
        }
    }

    private void skipToEnd() throws IOException {
        keep(position, limit - position);
        position = limit;
        while (fill()) {
            keep(position, limit - position);
            position = limit;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
