// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Mawid",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mawid", targets: ["mawid"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // CommonMark reference implementation from Debian's libcmark-dev.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libcurl from Debian's libcurl4-openssl-dev: the SMTP client (STARTTLS, TLS, AUTH).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Sending one message: email by SMTP (libcurl) or sendmail, SMS through an HTTP gateway
        // (AsyncHTTPClient). Knows nothing of bookings.
        .target(
            name: "MawidDelivery",
            dependencies: [
                "CCurl",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Site generation: content in, files out. No I/O beyond reading content and writing the site.
        .target(
            name: "MawidSite",
            dependencies: [
                "CCmark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                // SHA-256 of sources and outputs, for the incremental build.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The SQL both engines run: connections, rows, errors, the ordered migrations; SQLite through GRDB.
        .target(
            name: "MawidStorage",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Booking domain and storage (SQL on `MawidStorage`'s engines).
        .target(
            name: "MawidBooking",
            dependencies: [
                "MawidSite",
                "MawidStorage",
                "MawidDelivery",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // SHA-256, HMAC, HKDF, random keys; AES for the references' FF1 permutation.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                // Message texts (Templates/messages/<lang>.yml).
                .product(name: "Yams", package: "Yams"),
                // The metrics API only (counters, timers); the backend is chosen by `mawid serve`.
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // What patients and practices say about a booking: its message thread (later documents and ratings).
        // Stored in the booking database (its tables are in MawidBooking's one list of migrations).
        .target(
            name: "MawidConversation",
            dependencies: [
                "MawidBooking",
                "MawidStorage",
                // AES-GCM for the documents at rest.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // PostgreSQL as a `MawidStorage` engine, for networks that run several `mawid serve` on one database.
        .target(
            name: "MawidPostgres",
            dependencies: [
                "MawidStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // HTTP server: static site + booking endpoint.
        .target(
            name: "MawidServer",
            dependencies: [
                "MawidSite",
                "MawidBooking",
                "MawidConversation",
                "MawidDelivery",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                // The /metrics listener's text format (bootstrapped by `mawid serve --metrics` only).
                .product(name: "Prometheus", package: "swift-prometheus"),
                // One service group for the public port and the metrics port.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // gzip for pages, CSS, JavaScript and JSON (zlib, Debian's zlib1g-dev).
                .product(name: "CompressNIO", package: "compress-nio"),
                // multipart/form-data: the documents patients and practices upload.
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        // The `mawid` command.
        // `make bench-review`: the office's queries on a year of bookings (not installed; prints figures).
        .executableTarget(
            name: "mawid-bench",
            dependencies: ["MawidBooking", "MawidSite", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "mawid",
            dependencies: [
                "MawidSite",
                "MawidServer",
                "MawidConversation",
                "MawidPostgres",
                "MawidStorage",
                "MawidDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                // `MetricsSystem.bootstrap` with `--metrics`.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                // SIGHUP: reload the content.
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // What the storage tests share: the engine a run uses (`MAWID_TEST_ENGINE`), fresh databases on it.
        .target(
            name: "MawidTestSupport",
            dependencies: ["MawidBooking", "MawidPostgres", "MawidStorage"],
            path: "Tests/MawidTestSupport"
        ),
        .testTarget(
            name: "MawidSiteTests",
            dependencies: ["MawidSite"],
            resources: []
        ),
        .testTarget(
            name: "MawidBookingTests",
            dependencies: [
                "MawidBooking",
                "MawidStorage",
                "MawidTestSupport",
                "MawidDelivery",
                // `TestMetrics`: a metrics factory whose values tests can read.
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "MawidStorageTests",
            dependencies: ["MawidPostgres", "MawidBooking", "MawidConversation", "MawidStorage", "MawidTestSupport", "MawidDelivery",
                           "MawidSite"]
        ),
        .testTarget(
            name: "MawidConversationTests",
            dependencies: ["MawidConversation", "MawidBooking", "MawidSite", "MawidTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "MawidServerTests",
            dependencies: [
                "MawidServer",
                "MawidDelivery",
                "MawidTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
    ]
)
