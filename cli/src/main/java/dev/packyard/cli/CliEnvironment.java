package dev.packyard.cli;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command needs from the world outside its arguments: environment variables, the home folder (for
 * {@code ~/.packyard}), standard input, whether stderr is a terminal, and a way to ask for a password. Tests pass
 * their own; {@link #system()} is the real one.
 */
public record CliEnvironment(Map<String, String> env, Path home, InputStream stdin, boolean stderrIsTerminal,
                             Optional<Prompter> prompter) {

    /** Asks the user at a terminal. */
    public interface Prompter {
        String readLine(String prompt);

        char[] readPassword(String prompt);
    }

    /** The environment of this process. */
    public static CliEnvironment system() {
        Console console = interactiveConsole();
        Optional<Prompter> prompter = Optional.ofNullable(console).map(c -> new Prompter() {
            @Override
            public String readLine(String prompt) {
                return c.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                return c.readPassword("%s", prompt);
            }
        });
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), System.in,
                detectStderrTerminal(), prompter);
    }

    /** True when this process's stderr is a terminal (the launcher tells with {@code -Dpackyard.stderr.tty}). */
    static boolean detectStderrTerminal() {
        String told = System.getProperty("packyard.stderr.tty");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd2)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (Exception e) {
                // fall through to the console check
            }
        }
        return interactiveConsole() != null;
    }

    /** The console when both stdin and stdout are a terminal, else null. */
    private static Console interactiveConsole() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            // Java 22+ returns a console even when redirected; isTerminal() tells the truth there.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console)) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console; // Java 21: a non-null console is a terminal
        }
    }
}
