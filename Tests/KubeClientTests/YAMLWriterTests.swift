import Testing

@testable import KubeClient

@Suite("YAMLWriter")
struct YAMLWriterTests {
    func yaml(_ value: JSON) -> String { YAMLWriter().string(value) }

    /// `v: <string>` as kubectl prints it (checked against kubectl 1.32).
    static let strings: [(String, String)] = [
        // Would read back as something else: double quotes, as go-yaml does.
        ("yes", "\"yes\""), ("No", "\"No\""), ("on", "\"on\""), ("OFF", "\"OFF\""), ("y", "\"y\""), ("n", "\"n\""),
        ("true", "\"true\""), ("False", "\"False\""), ("null", "\"null\""), ("~", "\"~\""), ("", "\"\""),
        ("0755", "\"0755\""), ("1e3", "\"1e3\""), ("0x1F", "\"0x1F\""), ("1_000", "\"1_000\""), (".5", "\".5\""),
        ("+1", "\"+1\""), (".inf", "\".inf\""), ("-.Inf", "\"-.Inf\""), (".NaN", "\".NaN\""), ("12", "\"12\""),
        ("-0", "\"-0\""), ("1.0", "\"1.0\""), ("0b101", "\"0b101\""), ("0o17", "\"0o17\""), ("08", "\"08\""),
        ("1:20", "\"1:20\""), ("2024-01-01", "\"2024-01-01\""), ("2024-01-01T10:00:00Z", "\"2024-01-01T10:00:00Z\""),
        ("2001-12-14 21:59:43.10", "\"2001-12-14 21:59:43.10\""),
        // Only this package's reader or PyYAML would misread these; kubectl leaves them plain.
        ("1e400", "\"1e400\""), ("<<", "\"<<\""), ("=", "\"=\""), ("._5", "\"._5\""), ("0b_", "\"0b_\""),
        ("2024-13-45", "\"2024-13-45\""),
        // Strings that merely look numeric stay plain.
        ("1.2.3", "1.2.3"), ("0x", "0x"), ("yEs", "yEs"), ("NaN", "NaN"), ("v1", "v1"), ("100Mi", "100Mi"),
        ("500m", "500m"), ("2024-01", "2024-01"), ("1e", "1e"),
        // Indicators: single quotes.
        ("- x", "'- x'"), ("-x", "-x"), ("-", "'-'"), ("?", "'?'"), ("?x", "?x"), (":", "':'"), (":x", ":x"),
        (",x", "',x'"), ("[a]", "'[a]'"), ("]", "']'"), ("{", "'{'"), ("}", "'}'"), ("#x", "'#x'"),
        ("&a", "'&a'"), ("*a", "'*a'"), ("!a", "'!a'"), ("|", "'|'"), (">", "'>'"), ("'a'", "'''a'''"),
        ("\"a\"", "'\"a\"'"), ("%x", "'%x'"), ("@x", "'@x'"), ("`x", "'`x'"), ("---", "'---'"), ("...", "'...'"),
        ("--- x", "'--- x'"), ("--x", "--x"),
        (" lead", "' lead'"), ("trail ", "'trail '"), (" ", "' '"), ("a: b", "'a: b'"), ("a #b", "'a #b'"),
        ("ends:", "'ends:'"), ("a#b", "a#b"), ("a:b", "a:b"), ("x,y", "x,y"), ("it's", "it's"), ("a  b", "a  b"),
        ("a [b]", "a [b]"), ("k8s.io/name", "k8s.io/name"), ("http://x:80/p?q#f", "http://x:80/p?q#f"),
        // Characters YAML cannot show raw: double quotes with escapes.
        ("tab\there", "\"tab\\there\""), ("bell\u{7}", "\"bell\\a\""), ("nul\u{0}", "\"nul\\0\""),
        ("esc\u{1B}", "\"esc\\e\""), ("del\u{7F}", "\"del\\x7F\""), ("cr\r", "\"cr\\r\""), ("\u{85}", "\"\\N\""),
        ("😀", "\"\\U0001F600\""), ("\u{FEFF}x", "\"\\uFEFF\\x78\""), ("x\u{FEFF}", "\"x\\uFEFF\""), ("\u{FFFE}", "\"\\uFFFE\""),
        ("é", "é"), ("日本語", "日本語"), ("a\u{A0}b", "a\u{A0}b"), ("\u{2028}", "'\u{2028}'"),
        ("back\\slash", "back\\slash"), ("a \"q\"", "a \"q\""),
        // Newlines: literal blocks, or double quotes where a block would not read back.
        ("a\nb", "|-\n  a\n  b"), ("a\nb\n", "|\n  a\n  b"), ("a\n\n", "|+\n  a\n"), (" a\nb", "|2-\n   a\n  b"),
        ("\na", "|2-\n\n  a"), ("\n", "|2+\n"), ("a\n b", "|-\n  a\n   b"), ("a \nb", "\"a \\nb\""),
        ("a\nb ", "\"a\\nb \""), ("a\tb\nc", "\"a\\tb\\nc\""), ("yes\n", "|\n  yes"), ("- a\n- b\n", "|\n  - a\n  - b"),
        ("x\n---\ny", "|-\n  x\n  ---\n  y"),
    ]

    @Test("string quoting", arguments: strings)
    func string(text: String, expected: String) {
        #expect(yaml(["v": .string(text)]) == "v: \(expected)\n")
    }

    @Test("keys follow the same quoting")
    func keys() {
        let value: JSON = ["yes": 1, "1": 2, "a: b": 3, "": 4, "<<": 5, "plain": 6, "- x": 7]
        #expect(yaml(value) == "\"\": 4\n'- x': 7\n\"<<\": 5\n\"1\": 2\n'a: b': 3\nplain: 6\n\"yes\": 1\n")
    }

    @Test("scalars other than strings")
    func nonStrings() {
        let value: JSON = ["a": nil, "b": true, "c": false, "d": .number("1.0"), "e": .number("-1e-7"), "f": 12]
        #expect(yaml(value) == "a: null\nb: true\nc: false\nd: 1.0\ne: -1e-7\nf: 12\n")
        #expect(yaml(nil) == "null\n")
        #expect(yaml("x") == "x\n")
        #expect(yaml("yes") == "\"yes\"\n")
        #expect(yaml("a\nb") == "|-\n  a\n  b\n")
        #expect(yaml(.number("3")) == "3\n")
    }

    @Test("mappings, sequences and empty collections")
    func structure() {
        let pod: JSON = ["spec": ["containers": [["name": "x", "image": "y", "ports": [["containerPort": 80]]]]]]
        #expect(yaml(pod) == """
            spec:
              containers:
              - image: "y"
                name: x
                ports:
                - containerPort: 80

            """)
        let nested: JSON = [[1, [2, 3]], [], [:], ["a": [["b": 1]]], nil, "", [["x": 1, "z": []]]]
        #expect(yaml(nested) == """
            - - 1
              - - 2
                - 3
            - []
            - {}
            - a:
              - b: 1
            - null
            - ""
            - - x: 1
                z: []

            """)
        #expect(yaml([:]) == "{}\n")
        #expect(yaml([]) == "[]\n")
        #expect(yaml(["a": [:], "b": [], "c": ["d": [:]]]) == "a: {}\nb: []\nc:\n  d: {}\n")
        #expect(yaml(["m": ["k": "a\nb"], "s": ["a\n"]]) == "m:\n  k: |-\n    a\n    b\ns:\n- |\n  a\n")
    }

    /// go-yaml's comparison is not a consistent order for every key set (`a1b` < `a9` <
    /// `a10` < `a1b`, `v1beta1` < `v2` < `v10alpha1` < `v1beta1`), and it sorts keys that
    /// come in Go's random map order, so kubectl's own output varies between runs for such
    /// sets; these keys have no such cycle.
    @Test("keys in go-yaml's natural order")
    func keyOrder() {
        let keys = ["ab", "a_b", "a9", "a10", "A", "b", "B", "-x", "1", "10", "9", "a.b", "aB", "é", "z", "a09", "a010",
            "a1", "a01", "k00", "k0", "k000", "x-1", "x_2", "v1", "v2", "v10"]
        var object = JSONObject()
        for key in keys { object[key] = JSON.null }
        let printed = yaml(.object(object)).split(separator: "\n").map { $0.dropLast(6) }
        #expect(printed == [
            "-x", "\"1\"", "\"9\"", "\"10\"", "A", "B", "a.b", "a_b", "a1", "a01", "a9", "a09", "a10", "a010", "aB", "ab",
            "b", "k0", "k00", "k000", "v1", "v2", "v10", "x-1", "x_2", "z", "é",
        ])
    }

    @Test("long keys use the explicit ? form")
    func longKeys() {
        let long = String(repeating: "k", count: 129)
        let fits = String(repeating: "k", count: 128)
        #expect(yaml([long: ["a": 1]]) == "? \(long)\n: a: 1\n")
        #expect(yaml([long: [1, 2]]) == "? \(long)\n: - 1\n  - 2\n")
        #expect(yaml([long: "v"]) == "? \(long)\n: v\n")
        #expect(yaml([fits: "v"]) == "\(fits): v\n")
        #expect(yaml(["a\nb": "v"]) == "? |-\n  a\n  b\n: v\n")
        #expect(yaml(["a\rb": "v"]) == "? \"a\\rb\"\n: v\n")
    }

    @Test("long lines fold at column 80 as libyaml does")
    func folding() {
        let words = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu vvvv"
        let value: JSON = ["data": ["long": .string(words), "longq": .string("- " + words), "longd": .string("\t" + words)]]
        #expect(yaml(value) == """
            data:
              long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo
                pppp qqqq rrrr ssss tttt uuuu vvvv
              longd: "\\taaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn
                oooo pppp qqqq rrrr ssss tttt uuuu vvvv"
              longq: '- aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn
                oooo pppp qqqq rrrr ssss tttt uuuu vvvv'

            """)
        // No fold inside a simple key, none where two spaces meet, none in a literal block.
        let key = String(repeating: "w ", count: 60).trimmingSuffix()
        #expect(yaml([key: "v"]) == "\(key): v\n")
        let spaced = String(repeating: "x  ", count: 40)
        #expect(yaml(["v": .string(spaced)]) == "v: '\(spaced)'\n")
        let block = String(repeating: "y ", count: 60) + "y\n"
        #expect(yaml(["v": .string(block)]) == "v: |\n  \(block)")
    }

    @Test("double-quoted folds keep a leading space with an escape")
    func doubleQuotedFold() throws {
        let text = "\t" + String(repeating: "abcdefghi ", count: 8) + " tail"
        let printed = yaml(["k": .string(text)])
        #expect(printed == "k: \"\\tabcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi\n  \\ tail\"\n")
        #expect(try YAMLReader.document(printed)["k"] == .string(text))
    }

    /// A representative MPIJob as the API server returns it, written by hand following
    /// go-yaml v2's rules (and checked against `kubectl -o yaml`).
    @Test("an MPIJob prints exactly as kubectl prints it")
    func mpiJob() throws {
        let job = try JSONParser.parse(Self.mpiJobJSON)
        #expect(yaml(job) == Self.mpiJobYAML)
        #expect(try YAMLReader.document(Self.mpiJobYAML) == job)
    }

    static let mpiJobJSON = """
        {"apiVersion":"kubeflow.org/v2beta1","kind":"MPIJob","metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"kubeflow.org/v2beta1\\",\\"kind\\":\\"MPIJob\\"}\\n","note":"Runs the pi example across two workers; results are written to the shared volume when done."},"creationTimestamp":"2024-05-01T10:00:00Z","generation":1,"labels":{"app":"pi","kueue.x-k8s.io/queue-name":"user-queue","team":"no"},"name":"pi","namespace":"default","resourceVersion":"12345","uid":"7c1f9d8e-0a4b-4c1e-9f5d-3a2b1c0d9e8f"},"spec":{"launcherCreationPolicy":"AtStartup","mpiImplementation":"OpenMPI","mpiReplicaSpecs":{"Launcher":{"replicas":1,"template":{"spec":{"containers":[{"args":["-n","2","/home/mpiuser/pi"],"command":["mpirun"],"image":"mpioperator/mpi-pi:openmpi","name":"mpi-launcher","resources":{"limits":{"cpu":1,"memory":"1Gi"}},"securityContext":{"runAsUser":1000}}]}}},"Worker":{"replicas":2,"template":{"spec":{"containers":[{"command":["/bin/sh","-c","echo starting\\nsleep 5\\n"],"env":[{"name":"OMPI_ALLOW_RUN_AS_ROOT","value":"1"},{"name":"VERBOSE","value":"yes"},{"name":"EMPTY","value":""}],"image":"mpioperator/mpi-pi:openmpi","name":"mpi-worker","resources":{"limits":{"cpu":"2","memory":"4Gi","nvidia.com/gpu":1}},"volumeMounts":[]}],"nodeSelector":{}}}}},"runPolicy":{"cleanPodPolicy":"Running","suspend":false,"ttlSecondsAfterFinished":60},"slotsPerWorker":1,"sshAuthMountPath":"/home/mpiuser/.ssh"},"status":{"conditions":[{"lastTransitionTime":"2024-05-01T10:00:01Z","lastUpdateTime":"2024-05-01T10:00:01Z","message":"MPIJob default/pi is created.","reason":"MPIJobCreated","status":"True","type":"Created"},{"lastTransitionTime":"2024-05-01T10:02:30Z","lastUpdateTime":"2024-05-01T10:02:30Z","message":"MPIJob default/pi successfully completed.","reason":"MPIJobSucceeded","status":"True","type":"Succeeded"}],"replicaStatuses":{"Launcher":{"succeeded":1},"Worker":{}},"startTime":"2024-05-01T10:00:01Z","completionTime":"2024-05-01T10:02:30Z"}}
        """

    static let mpiJobYAML = """
        apiVersion: kubeflow.org/v2beta1
        kind: MPIJob
        metadata:
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: |
              {"apiVersion":"kubeflow.org/v2beta1","kind":"MPIJob"}
            note: Runs the pi example across two workers; results are written to the shared
              volume when done.
          creationTimestamp: "2024-05-01T10:00:00Z"
          generation: 1
          labels:
            app: pi
            kueue.x-k8s.io/queue-name: user-queue
            team: "no"
          name: pi
          namespace: default
          resourceVersion: "12345"
          uid: 7c1f9d8e-0a4b-4c1e-9f5d-3a2b1c0d9e8f
        spec:
          launcherCreationPolicy: AtStartup
          mpiImplementation: OpenMPI
          mpiReplicaSpecs:
            Launcher:
              replicas: 1
              template:
                spec:
                  containers:
                  - args:
                    - -n
                    - "2"
                    - /home/mpiuser/pi
                    command:
                    - mpirun
                    image: mpioperator/mpi-pi:openmpi
                    name: mpi-launcher
                    resources:
                      limits:
                        cpu: 1
                        memory: 1Gi
                    securityContext:
                      runAsUser: 1000
            Worker:
              replicas: 2
              template:
                spec:
                  containers:
                  - command:
                    - /bin/sh
                    - -c
                    - |
                      echo starting
                      sleep 5
                    env:
                    - name: OMPI_ALLOW_RUN_AS_ROOT
                      value: "1"
                    - name: VERBOSE
                      value: "yes"
                    - name: EMPTY
                      value: ""
                    image: mpioperator/mpi-pi:openmpi
                    name: mpi-worker
                    resources:
                      limits:
                        cpu: "2"
                        memory: 4Gi
                        nvidia.com/gpu: 1
                    volumeMounts: []
                  nodeSelector: {}
          runPolicy:
            cleanPodPolicy: Running
            suspend: false
            ttlSecondsAfterFinished: 60
          slotsPerWorker: 1
          sshAuthMountPath: /home/mpiuser/.ssh
        status:
          completionTime: "2024-05-01T10:02:30Z"
          conditions:
          - lastTransitionTime: "2024-05-01T10:00:01Z"
            lastUpdateTime: "2024-05-01T10:00:01Z"
            message: MPIJob default/pi is created.
            reason: MPIJobCreated
            status: "True"
            type: Created
          - lastTransitionTime: "2024-05-01T10:02:30Z"
            lastUpdateTime: "2024-05-01T10:02:30Z"
            message: MPIJob default/pi successfully completed.
            reason: MPIJobSucceeded
            status: "True"
            type: Succeeded
          replicaStatuses:
            Launcher:
              succeeded: 1
            Worker: {}
          startTime: "2024-05-01T10:00:01Z"

        """

    @Test("write(into:) appends")
    func appends() {
        var out = Array("# head\n".utf8)
        YAMLWriter().write(["a": 1], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "# head\na: 1\n")
    }
}

extension String {
    fileprivate func trimmingSuffix() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
