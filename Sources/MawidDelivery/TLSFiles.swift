import NIOSSL

/// Checks of the TLS files a notify config names, made when the server starts rather than at the first message.
public enum TLSFiles {
    /// Why `caFile` cannot serve as a list of trusted authorities (unreadable, no PEM certificate in it), or nil.
    public static func problem(caFile: String) -> String? {
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
            return certificates.isEmpty ? "\(caFile) holds no PEM certificate (-----BEGIN CERTIFICATE-----)" : nil
        } catch {
            return "cannot read PEM certificates from \(caFile) (a file of -----BEGIN CERTIFICATE----- blocks, readable by this user)"
        }
    }
}
