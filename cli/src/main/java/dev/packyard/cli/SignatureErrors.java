package dev.packyard.cli;

import dev.packyard.cli.Failures.HttpStatusException;

/** The one-sentence failures of {@code sign} and {@code verify}, in the registry's own words where it gave some. */
final class SignatureErrors {

    private SignatureErrors() {
    }

    static CliException refusal(String verb, ManifestTarget target, RegistryClient.Response response,
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
