package com.dlpguard.arm.emulator;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made at test time with the JDK's own {@code keytool}
 * (no hand-written crypto, nothing checked in). One per JVM: key generation is the slow part.
 * Clients trust exactly this certificate, never "trust all".
 */
public final class EmulatorCertificate {
    private static EmulatorCertificate instance;

    private final KeyStore keyStore;
    private final char[] password;
    private final Path trustStoreFile;
    private final char[] trustStorePassword;

    private EmulatorCertificate(KeyStore keyStore, char[] password, Path trustStoreFile, char[] trustStorePassword) {
        this.keyStore = keyStore;
        this.password = password;
        this.trustStoreFile = trustStoreFile;
        this.trustStorePassword = trustStorePassword;
    }

    public static synchronized EmulatorCertificate get() {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static EmulatorCertificate generate() {
        try {
            Path dir = Files.createTempDirectory("arm-emulator-tls");
            dir.toFile().deleteOnExit();
            Path keyStoreFile = dir.resolve("emulator.p12");
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            char[] password = HexFormat.of().formatHex(random).toCharArray();
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(List.of(keytool, "-genkeypair", "-alias", "arm-emulator", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                    "-storepass", new String(password), "-keypass", new String(password)));
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStoreFile)) {
                keyStore.load(in, password);
            }
            // A trust store file holding only the certificate: what -Djavax.net.ssl.trustStore would point at.
            Path trustStoreFile = dir.resolve("emulator-trust.p12");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("arm-emulator", keyStore.getCertificate("arm-emulator"));
            try (var out = Files.newOutputStream(trustStoreFile)) {
                trust.store(out, password);
            }
            keyStoreFile.toFile().deleteOnExit();
            trustStoreFile.toFile().deleteOnExit();
            return new EmulatorCertificate(keyStore, password, trustStoreFile, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the emulator's certificate", e);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    /** The server side: this certificate and its key. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context trusting this certificate only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("arm-emulator", certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Certificate certificate() {
        try {
            return keyStore.getCertificate("arm-emulator");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store file with the certificate, for {@code javax.net.ssl.trustStore}. */
    public Path trustStoreFile() {
        return trustStoreFile;
    }

    public char[] trustStorePassword() {
        return trustStorePassword.clone();
    }
}
