import KubeClient
import MPIJobs
import Testing

@testable import ODHCLI
import TerminalUI

@Suite struct TablePrinterTests {
    @Test func kubectlLayout() {
        let table = Table(columns: ["NAME", "STATUS", "AGE"], rows: [["a", "Running", "5m"], ["longer-name", "Failed", "2d"]])
        let text = TablePrinter().render(table)
        #expect(text == """
            NAME          STATUS    AGE
            a             Running   5m
            longer-name   Failed    2d

            """)
    }

    @Test func noHeaders() {
        let table = Table(columns: ["NAME"], rows: [["a"]])
        #expect(TablePrinter(showHeaders: false).render(table) == "a\n")
    }

    @Test func wideCharactersAlign() {
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("abc") == 3)
    }
}

@Suite struct ObjectPrinterTests {
    let job: JSON = [
        "apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
        "metadata": ["name": "pi", "namespace": "team-a", "managedFields": [["manager": "kubectl"]]],
    ]

    @Test func managedFieldsDropped() {
        let text = String(decoding: ObjectPrinter(format: .json, resourceName: MPIJob.objectName).render([job], asList: false),
                          as: UTF8.self)
        #expect(!text.contains("managedFields"))
        #expect(text.hasPrefix("{\n    \"apiVersion\": \"kubeflow.org/v2beta1\","))
    }

    @Test func listWrapperAsKubectl() throws {
        let bytes = ObjectPrinter(format: .json, resourceName: MPIJob.objectName).render([job, job], asList: false)
        let parsed = try JSONParser.parse(bytes)
        #expect(parsed["kind"] == "List")
        #expect(parsed["apiVersion"] == "v1")
        #expect(parsed[path: "metadata", "resourceVersion"] == "")
        #expect(parsed["items"]?.arrayValue?.count == 2)
    }

    @Test func namePrinter() {
        let text = String(decoding: ObjectPrinter(format: .name, resourceName: MPIJob.objectName).render([job], asList: true),
                          as: UTF8.self)
        #expect(text == "mpijob.kubeflow.org/pi\n")
    }

    @Test func compactLineIsOneLine() {
        let line = String(decoding: ObjectPrinter.compactLine(job), as: UTF8.self)
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(line.hasSuffix("}\n"))
    }

    @Test func outputFormatErrors() {
        #expect(throws: UsageError.self) { try OutputFormat.parse("jsn") }
        do {
            _ = try OutputFormat.parse("jsn")
        } catch {
            #expect(error.hint == "did you mean -o json?")
        }
    }

    @Test func outputFormatDefaults() throws {
        #expect(try OutputFormat.parse(nil) == .table)
        #expect(try OutputFormat.parse("JSON") == .json)
    }
}

@Suite struct ExitCodeTests {
    @Test func mostSpecificWins() {
        #expect(ExitCode.success.combined(with: .notFound) == .notFound)
        #expect(ExitCode.failure.combined(with: .notFound) == .notFound)
        #expect(ExitCode.notFound.combined(with: .failure) == .notFound)
        #expect(ExitCode.notFound.combined(with: .notAllowed) == .notAllowed)
    }

    @Test func statusMapping() {
        func code(_ status: Int, _ reason: String, _ message: String = "m") -> ExitCode {
            ErrorMapping.report(ClientError.api(APIStatus(code: status, reason: reason, message: message))).code
        }
        #expect(code(401, "Unauthorized") == .notAllowed)
        #expect(code(403, "Forbidden") == .notAllowed)
        #expect(code(404, "NotFound") == .notFound)
        #expect(code(409, "AlreadyExists") == .conflict)
        #expect(code(422, "Invalid") == .usage)
        #expect(code(400, "BadRequest") == .usage)
        #expect(code(500, "InternalError") == .failure)
        #expect(code(403, "Forbidden",
                     "mpijobs.kubeflow.org \"x\" is forbidden: exceeded quota: q, requested: a=1, used: a=1, limited: a=1") == .refused)
    }
}
