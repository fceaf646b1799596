package dev.packyard.registry.helm;

import dev.packyard.registry.http.ApiException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The body of a ChartMuseum upload: either the raw package ({@code curl --data-binary @chart.tgz}), or a
 * {@code multipart/form-data} form with a {@code chart} part and/or a {@code prov} part (what {@code helm cm-push}
 * sends). The whole body is bounded by the upload limit, checked before and while reading.
 *
 * @param chart      the package, when the body has one
 * @param provenance the .prov, when the body has one
 */
record ChartUpload(Optional<byte[]> chart, Optional<byte[]> provenance) {

    static final String CHART_FIELD = "chart";
    static final String PROVENANCE_FIELD = "prov";

    /** Reads the body; a raw body is the package when {@code rawIsProvenance} is false, else the .prov. */
    static ChartUpload read(InputStream body, Optional<String> contentType, Optional<Long> contentLength, long maxBytes,
                            boolean rawIsProvenance) throws IOException {
        if (contentLength.isPresent() && contentLength.get() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes = readBounded(body, maxBytes);
        String type = contentType.orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            return multipart(bytes, contentType.get());
        }
        if (bytes.length == 0) {
            throw new ApiException(400, "UPLOAD_EMPTY", "the request body is empty; send the chart package as the body "
                    + "(curl --data-binary @chart.tgz) or as the '" + CHART_FIELD + "' field of a multipart form");
        }
        return rawIsProvenance ? new ChartUpload(Optional.empty(), Optional.of(bytes))
                : new ChartUpload(Optional.of(bytes), Optional.empty());
    }

    private static ChartUpload multipart(byte[] body, String contentType) throws IOException {
        ParameterParser parameters = new ParameterParser();
        parameters.setLowerCaseNames(true);
        String boundary = parameters.parse(contentType, new char[] {';', ','}).get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new ApiException(400, "UPLOAD_INVALID", "the multipart Content-Type has no boundary parameter");
        }
        Optional<byte[]> chart = Optional.empty();
        Optional<byte[]> provenance = Optional.empty();
        try {
            MultipartInput input = MultipartInput.builder()
                    .setInputStream(new ByteArrayInputStream(body))
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1))
                    .get();
            boolean more = input.skipPreamble();
            while (more) {
                String field = fieldName(input.readHeaders());
                ByteArrayOutputStream part = new ByteArrayOutputStream();
                input.readBodyData(part);
                if (CHART_FIELD.equals(field)) {
                    chart = Optional.of(part.toByteArray());
                } else if (PROVENANCE_FIELD.equals(field)) {
                    provenance = Optional.of(part.toByteArray());
                }
                more = input.readBoundary();
            }
        } catch (org.apache.commons.fileupload2.core.FileUploadException e) {
            throw new ApiException(400, "UPLOAD_INVALID", "the multipart form could not be read: " + e.getMessage());
        }
        if (chart.isEmpty() && provenance.isEmpty()) {
            throw new ApiException(400, "UPLOAD_INVALID", "the multipart form has neither a '" + CHART_FIELD
                    + "' nor a '" + PROVENANCE_FIELD + "' field; put the package in '" + CHART_FIELD + "'");
        }
        return new ChartUpload(chart, provenance);
    }

    /** The {@code name} of a part's {@code Content-Disposition: form-data; name="..."} header. */
    private static String fieldName(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                ParameterParser parser = new ParameterParser();
                parser.setLowerCaseNames(true);
                Map<String, String> parameters = parser.parse(line.substring(colon + 1), ';');
                return parameters.get("name");
            }
        }
        return null;
    }

    private static byte[] readBounded(InputStream body, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "UPLOAD_TOO_LARGE", "the upload is larger than the limit of " + maxBytes
                + " bytes (charts.maxUploadBytes in the server config)");
    }
}
