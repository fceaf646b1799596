package dev.packyard.packs.chart;

/** A chart archive or Chart.yaml that cannot be stored; {@link #rule()} names what was broken, for clients. */
public final class InvalidChartException extends Exception {

    private final String rule;

    public InvalidChartException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
