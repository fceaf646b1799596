package dev.packyard.cli;

import dev.packyard.cli.Failures.HttpStatusException;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;

/**
 * A call of the registry's signing API for {@code sign} and {@code verify}: the answer when it is one of
 * {@code accepted}, else a one-sentence failure in the registry's own words where it gave some.
 */
final class SigningApiCall {

    private SigningApiCall() {
    }

    static RegistryClient.Response call(String verb, ManifestTarget target, RegistryClient client, String method,
                                        String pathAndQuery, byte[] body, Map<String, String> headers,
                                        PrintWriter err, CliEnvironment environment, Set<Integer> accepted) {
        RegistryClient.Response response;
        try {
            response = client.send(method, pathAndQuery, body, headers);
        } catch (Exception e) {
            Failures.trace(e, err, environment);
            throw new CliException("cannot " + verb + " " + target.reference() + ": "
                    + Failures.describe(e, client.target(), client.authenticated()));
        }
        if (!accepted.contains(response.status())) {
            throw refusal(verb, target, response, client);
        }
        return response;
    }

    private static CliException refusal(String verb, ManifestTarget target, RegistryClient.Response response,
                                RegistryClient client) {
        ServerErrors errors = ServerErrors.parse(response.body());
        if ((response.status() == 400 || response.status() == 404) && !errors.isEmpty()
                && !errors.errors().get(0).message().isEmpty()) {
            return new CliException("cannot " + verb + " " + target.reference() + ": " + String.join("; ",
                    errors.errors().stream().map(ServerErrors.Entry::message).toList()));
        }
        if (response.status() == 404 || response.status() == 405) {
            return new CliException(client.target().display() + " has no signing API (" + SignCommand.PATH
                    + " answered " + response.status() + "); is it a Packyard server of a version that signs?");
        }
        HttpStatusException failure = new HttpStatusException(response.status(), "cannot " + verb + " ("
                + SignCommand.PATH + ")", errors.summary());
        return new CliException("cannot " + verb + " " + target.reference() + ": "
                + Failures.describe(failure, client.target(), client.authenticated()));
    }
}
