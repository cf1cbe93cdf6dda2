// mstro runs on macOS and Linux; the tests check Unix permission bits and send Unix signals.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
