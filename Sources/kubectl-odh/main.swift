import ODHCLI

#if canImport(Glibc)
import Glibc
#endif

exit(CLI.run(arguments: CommandLine.arguments))
