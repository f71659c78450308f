package io.runlens.payload;

/** The codec server answered with a status other than 2xx. */
public final class CodecServerAnswer extends RuntimeException {

    private final int status;

    CodecServerAnswer(int status) {
        super("the codec server answered HTTP " + status, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
