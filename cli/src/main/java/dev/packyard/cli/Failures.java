package dev.packyard.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import land.oras.exception.OrasException;

/**
 * Turns what went wrong talking to a registry into a sentence a user can act on. A stack trace is never part of
 * it; an exception this class does not recognise is reported by class and message as a probable bug.
 */
public final class Failures {

    private Failures() {
    }

    /** A failed HTTP exchange with the registry, from the CLI's own HTTP client. */
    public static final class HttpStatusException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String what;
        private final String serverMessage;

        public HttpStatusException(int status, String what, String serverMessage) {
            super(what + ": HTTP " + status + (serverMessage.isEmpty() ? "" : " " + serverMessage), null, false, false);
            this.status = status;
            this.what = what;
            this.serverMessage = serverMessage;
        }

        public int status() {
            return status;
        }

        public String what() {
            return what;
        }

        public String serverMessage() {
            return serverMessage;
        }
    }

    /**
     * Describes a failure to reach or use {@code target}.
     *
     * @param authenticated whether credentials were sent (changes what a 401 means)
     */
    public static String describe(Throwable failure, RegistryTarget target, boolean authenticated) {
        if (failure instanceof CliException cli) {
            return cli.getMessage();
        }
        String network = network(failure, target);
        if (network != null) {
            return network;
        }
        if (failure instanceof HttpStatusException http) {
            return status(http.status(), target, authenticated, http.what(), http.serverMessage());
        }
        if (failure instanceof OrasException oras) {
            int status = oras.getStatusCode();
            if (status > 0) {
                String detail = oras.getError() != null && oras.getError().message() != null
                        ? oras.getError().message() : "";
                return status(status, target, authenticated, "the registry refused the request", detail);
            }
            String message = oras.getMessage() == null ? "" : oras.getMessage();
            return "the registry exchange failed: " + message;
        }
        if (failure instanceof IOException io) {
            return "I/O error: " + io.getMessage();
        }
        return "unexpected error " + failure.getClass().getName() + ": " + failure.getMessage()
                + " (probably a bug in packyard; PACKYARD_DEBUG=1 prints its stack trace)";
    }

    /** With {@code PACKYARD_DEBUG} set, prints the stack trace of a failure that is otherwise told in one sentence. */
    public static void trace(Throwable failure, PrintWriter err, CliEnvironment environment) {
        if (PackyardCli.debug(environment)) {
            failure.printStackTrace(err);
            err.flush();
        }
    }

    /** The sentence for a network-level failure anywhere in the cause chain, or null when there is none. */
    static String network(Throwable failure, RegistryTarget target) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < 20; t = t.getCause()) {
            chain.add(t);
        }
        // the JDK's client reports an unknown host as a ConnectException caused by UnresolvedAddressException
        if (chain.stream().anyMatch(t -> t instanceof UnknownHostException || t instanceof UnresolvedAddressException)) {
            return "cannot resolve the registry's host name '" + target.base().getHost()
                    + "' (check --registry or $" + RegistryTarget.ENV_VAR + ")";
        }
        for (Throwable t : chain) {
            if (t instanceof HttpConnectTimeoutException) {
                return unreachable(target, "timed out connecting");
            }
            if (t instanceof NoRouteToHostException) {
                return unreachable(target, "no route to host");
            }
            if (t instanceof ConnectException) {
                return unreachable(target, "connection refused");
            }
            if (t instanceof HttpTimeoutException) {
                return "the registry " + target.display() + " did not answer in time; try again, or check its load and log";
            }
            if (t instanceof SSLHandshakeException || t instanceof SSLException) {
                String message = t.getMessage() == null ? "" : t.getMessage();
                if (message.toLowerCase(Locale.ROOT).contains("unrecognized ssl message")
                        || message.toLowerCase(Locale.ROOT).contains("plaintext")) {
                    return "TLS handshake with " + target.display() + " failed: the registry does not speak TLS on"
                            + " that port; use http://" + target.hostPort() + " for a plain-http registry";
                }
                return "TLS handshake with " + target.display() + " failed (" + message + "); for a registry with a"
                        + " self-signed certificate add --insecure, for a plain-http registry use http://";
            }
            if (t instanceof IOException io && io.getMessage() != null
                    && (io.getMessage().contains("header parser received no bytes")
                            || io.getMessage().contains("Connection reset")
                            || io.getMessage().contains("connection was closed"))) {
                return "the registry " + target.display() + " closed the connection (" + io.getMessage()
                        + "); check that the URL points at a registry and that its scheme (http/https) is right";
            }
            if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
                return "interrupted";
            }
        }
        return null;
    }

    static String unreachable(RegistryTarget target, String why) {
        String hint = target.isLocal()
                ? "is `./packyard serve` running?"
                : "is the registry running at that address? choose another with --registry or $" + RegistryTarget.ENV_VAR;
        return "cannot reach registry " + target.display() + " (" + why + "; " + hint + ")";
    }

    static String status(int status, RegistryTarget target, boolean authenticated, String what, String detail) {
        String suffix = detail == null || detail.isBlank() ? "" : ": " + detail;
        String login = "packyard login --registry " + target.display();
        return switch (status) {
            case 401 -> authenticated
                    ? "the registry refused the stored credentials (HTTP 401" + suffix + "); run `" + login + "` again"
                    : "the registry asks for credentials (HTTP 401" + suffix + "); run `" + login + "`";
            case 403 -> "access denied (HTTP 403" + suffix + "); the account has no right to do this";
            case 413 -> "the registry refused it as too large (HTTP 413" + suffix + ")";
            case 429 -> "the registry is rate limiting (HTTP 429" + suffix + "); try again later";
            default -> status >= 500
                    ? "the registry failed (HTTP " + status + suffix + "); this is a server problem: its log says why"
                    : what + " (HTTP " + status + suffix + ")";
        };
    }
}
