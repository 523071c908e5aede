using System.Runtime.Versioning;

// The PKI tests run Debian's openssl and check Unix file modes: they are for Linux (and other Unix systems).
[assembly: UnsupportedOSPlatform("windows")]
