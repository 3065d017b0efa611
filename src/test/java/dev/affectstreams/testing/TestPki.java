package dev.affectstreams.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away certificate authority and a broker certificate for localhost, made at test time
 * with the JDK's keytool: the broker's PKCS12 keystore (key, certificate signed by the CA, and
 * the CA) and a truststore holding only the CA, as a client would have.
 */
public record TestPki(Path keystore, Path truststore, String password) {

    public static TestPki create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String password = "pki-" + Long.toHexString(System.nanoTime());
        Path ca = dir.resolve("ca.p12");
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        Path caPem = dir.resolve("ca.pem");
        Path request = dir.resolve("broker.csr");
        Path signed = dir.resolve("broker.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=affect-streams test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12",
                "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", password,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "2",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", keystore.toString(),
                "-storepass", password);
        keytool("-importcert", "-alias", "broker", "-file", signed.toString(), "-keystore", keystore.toString(),
                "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new TestPki(keystore, truststore, password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}
