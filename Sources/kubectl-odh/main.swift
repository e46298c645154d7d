import ODHCLI

#if canImport(Glibc)
import Glibc
#endif

// CLI.run has written and flushed everything (nothing here uses C stdio). _exit skips the C libraries'
// exit handlers, which only free memory the process is handing back anyway: OpenSSL's cleanup alone is
// ~1.5 M instructions, a tenth of what a short command runs besides the TLS handshake.
_exit(CLI.run(arguments: CommandLine.arguments))
