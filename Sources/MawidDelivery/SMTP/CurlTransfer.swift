import CCurl
import Foundation

/// One libcurl "easy" transfer, set up option by option and run on the calling thread (blocking: call it
/// through `Blocking.run`). libcurl is the SMTP client: greeting, EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO,
/// DATA with dot-stuffing, all by the library; this type only holds the handle and what must outlive the call.
final class CurlTransfer {
    /// `curl_global_init`, once per process, before any handle.
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    private let handle: UnsafeMutableRawPointer
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private var upload: Upload?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    init() throws {
        guard Self.initialized, let handle = curl_easy_init() else { throw DeliveryError("libcurl could not start") }
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        set(CURLOPT_NOSIGNAL, 1)  // no SIGALRM for timeouts: other threads run
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) { _ = mawid_curl_set_long(handle, option, value) }

    func set(_ option: CURLoption, _ value: String) { _ = mawid_curl_set_string(handle, option, value) }  // libcurl copies strings

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) { _ = mawid_curl_set_pointer(handle, option, pointer) }

    /// A list option (recipients…): kept until the transfer is freed, as libcurl requires.
    func set(_ option: CURLoption, list values: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values { list = curl_slist_append(list, value) }
        if let list { lists.append(list) }
        _ = mawid_curl_set_list(handle, option, list)
    }

    /// The bytes to upload (an email's text), read by libcurl as it sends.
    func upload(_ bytes: [UInt8]) {
        let upload = Upload(bytes)
        self.upload = upload
        set(CURLOPT_UPLOAD, 1)
        set(CURLOPT_INFILESIZE_LARGE, bytes.count)
        _ = mawid_curl_set_read_function(handle, Upload.read)
        set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(upload).toOpaque())
    }

    /// Runs the transfer: CURLE_OK or the failure, with the server's last reply code and libcurl's message.
    func perform() -> (code: CURLcode, reply: Int, message: String) {
        let code = curl_easy_perform(handle)
        var reply = 0
        _ = mawid_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        var message = String(cString: errorBuffer)
        if message.isEmpty { message = String(cString: curl_easy_strerror(code)) }
        return (code, reply, message)
    }

    /// The upload's bytes and how far libcurl has read them.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        static let read: curl_read_callback = { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let upload = Unmanaged<Upload>.fromOpaque(context).takeUnretainedValue()
            let length = min(size * count, upload.bytes.count - upload.offset)
            upload.bytes.withUnsafeBufferPointer { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + upload.offset, byteCount: length)
            }
            upload.offset += length
            return length
        }
    }
}
