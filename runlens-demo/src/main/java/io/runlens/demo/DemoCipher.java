package io.runlens.demo;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The demo platform's payload encryption: AES-256-GCM with a key made at start-up and held only in
 * memory. The sealed workers encode with it; the demo codec server decodes with it. Temporal, and
 * Runlens without the codec server, only ever see {@value #ENCODING} bytes.
 */
final class DemoCipher implements PayloadCodec {

    static final String ENCODING = "binary/encrypted";
    private static final String INNER_ENCODING = "runlens-demo-inner-encoding";
    private static final int NONCE_BYTES = 12;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    DemoCipher() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            this.key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every Java platform", e);
        }
    }

    @Override
    public List<Payload> encode(List<Payload> payloads) {
        return payloads.stream().map(this::seal).toList();
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
        return payloads.stream().map(this::open).toList();
    }

    private Payload seal(Payload plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getData().toByteArray());
            return Payload.newBuilder()
                    .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
                    .putMetadata(INNER_ENCODING, plain.getMetadataOrDefault("encoding", ByteString.EMPTY))
                    .setData(ByteString.copyFrom(ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException(e);
        }
    }

    private Payload open(Payload sealed) {
        if (!ENCODING.equals(
                sealed.getMetadataOrDefault("encoding", ByteString.EMPTY).toStringUtf8())) {
            return sealed;
        }
        try {
            byte[] data = sealed.getData().toByteArray();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, data, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
            return Payload.newBuilder()
                    .putMetadata("encoding", sealed.getMetadataOrDefault(INNER_ENCODING, ByteString.EMPTY))
                    .setData(ByteString.copyFrom(plain))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException(e);
        }
    }
}
