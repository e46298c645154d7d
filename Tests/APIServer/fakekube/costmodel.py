"""--cost-model real: answer as late as a real kube-apiserver 1.32 with etcd 3.5 would.

The test server answers from memory at once, which rewards the request shapes that cost most on a cluster. With
this model (only `make bench` turns it on; tests stay fast) each request waits for what the real server would spend
on it, decided by where kube-apiserver 1.32 serves it from (staging/src/k8s.io/apiserver/pkg/storage/cacher/
cacher.go at v1.32, see docs/performance.md):

  - a list with a `continue` token, `resourceVersionMatch=Exact`, or a `limit` with a resourceVersion other than
    "" and "0" is delegated to etcd (shouldDelegateList, cacher.go:771-788): every object is read from etcd,
    decoded, then encoded again;
  - any other list, including the consistent one without resourceVersion (ConsistentListFromCache, beta and on
    since 1.31) and the first page of a paged list, comes from the watch cache: objects are only encoded;
  - a get without resourceVersion reads etcd (cacher.Get delegates it);
  - a response is written only once it is wholly encoded (unstructuredJSONScheme.doEncode hands the whole list
    to one json.Encoder.Encode call in 1.32), and gzip-compressed when larger than 128 KiB and the client accepts
    gzip (responsewriters/writers.go: level 1, threshold 128 KiB);
  - a watch's initial events are encoded one by one and flushed as they go (handlers/watch.go: Encode, then
    Flush when no event is queued), so they arrive at the encoding rate;
  - the work is CPU on a 2-core machine: requests charged at the same time share two cores (the server waits
    instead of working, so without this any number of parallel requests would cost what the largest costs).

The figures come from kube-apiserver 1.32 with etcd 3.5.16 on 2 cores, 2,000 MPIJobs of about 4 KiB (DESIGN §7 and
issue 12): a consistent list of all 2,000 without `limit` took 0.57 s with curl (so encoding costs 285 us per
4 KiB object), a `continue` page of 500 about 0.43 s (860 us per object: 575 us of etcd range read and decoding
on top of the encoding). They are charged per byte, so the Table that kubectl asks for costs its own (smaller)
encoding while the objects behind it are still read. Both clients in a benchmark pay the same prices for the same
request shapes.
"""

import threading
import time
import zlib

CALIBRATION_OBJECT_BYTES = 4096
# 0.57 s / 2,000 objects: the watch cache's list, which is all encoding.
ENCODE_PER_OBJECT = 0.57 / 2000
# 0.43 s / 500 objects for a continue page, less its encoding: etcd's range read and the decoding.
ETCD_READ_PER_OBJECT = 0.43 / 500 - ENCODE_PER_OBJECT
ENCODE_PER_BYTE = ENCODE_PER_OBJECT / CALIBRATION_OBJECT_BYTES
ETCD_READ_PER_BYTE = ETCD_READ_PER_OBJECT / CALIBRATION_OBJECT_BYTES
# Walking the watch cache's btree and matching selectors: small next to encoding.
CACHE_SCAN_PER_OBJECT = 1e-6
GZIP_THRESHOLD = 128 * 1024
GZIP_LEVEL = 1
# The measured server had 2 cores: requests charged at the same time share them, so seven lists in parallel
# take about half their summed cost, not the cost of the largest.
CORES = 2


def served_from_etcd(cont, match, limit, rv):
    """Whether kube-apiserver 1.32 delegates a list to etcd (cacher.go:771-788, shouldDelegateList): continue
    pages, resourceVersionMatch=Exact, and a limit with a resourceVersion other than "" and "0" (the legacy exact
    match). Everything else, the consistent list without resourceVersion included, comes from the watch cache."""
    return bool(cont) or match == "Exact" or bool(limit and rv and rv != "0")


class CostModel:
    name = "real"

    def __init__(self, cores=CORES):
        self.cores = cores
        self._slots = threading.BoundedSemaphore(cores)

    def spend(self, started, cost):
        """Waits out what an answer costs, on one of the server's cores: `cost` seconds from `started`, less the
        time this server already took to build it, which counts as work done."""
        remaining = cost - (time.time() - started)
        if remaining <= 0:
            return
        with self._slots:
            time.sleep(remaining)

    def describe(self):
        return {
            "name": self.name,
            "server": "kube-apiserver 1.32 + etcd 3.5.16, 2 cores",
            "encode_us_per_4KiB_object": round(ENCODE_PER_OBJECT * 1e6, 1),
            "etcd_read_us_per_4KiB_object": round(ETCD_READ_PER_OBJECT * 1e6, 1),
            "cache_scan_us_per_object": CACHE_SCAN_PER_OBJECT * 1e6,
            "cores": self.cores,
            "list_from_watch_cache": "consistent (no resourceVersion) or resourceVersion=0, without continue",
            "list_from_etcd": "continue token, resourceVersionMatch=Exact, or limit with resourceVersion > 0",
            "get": "etcd read + encode",
            "table": "objects read as for JSON, then the Table's own bytes encoded",
            "watch_initial_events": "encoded and flushed one by one at the encoding rate",
            "gzip": "level %d above %d KiB when the client accepts it" % (GZIP_LEVEL, GZIP_THRESHOLD // 1024),
        }

    def list_cost(self, from_etcd, read_entries, body_bytes):
        """Seconds for a list: objects read (from etcd or the cache), then the body encoded."""
        if from_etcd:
            read = ETCD_READ_PER_BYTE * sum(len(e.raw) for e in read_entries)
        else:
            read = CACHE_SCAN_PER_OBJECT * len(read_entries)
        return read + ENCODE_PER_BYTE * body_bytes

    def get_cost(self, entry, body_bytes):
        return ETCD_READ_PER_BYTE * len(entry.raw) + ENCODE_PER_BYTE * body_bytes

    def event_cost(self, nbytes):
        return ENCODE_PER_BYTE * nbytes

    @staticmethod
    def wants_gzip(accept_encoding, body):
        return len(body) > GZIP_THRESHOLD and any(
            part.split(";")[0].strip().lower() == "gzip" for part in (accept_encoding or "").split(","))

    @staticmethod
    def gzip(body):
        c = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
        return c.compress(body) + c.flush()


class Pacer:
    """Writes a stream's events no sooner than they would be encoded: each event's bytes go out once its cost is
    spent. Events are held until the cost reaches a few milliseconds (a sleep per event would cost more than the
    events) and then written together, as a busy encoder fills the connection's buffer."""

    def __init__(self, model, out):
        self.model = model
        self.out = out
        self.held = []
        self.debt = 0.0

    def write(self, data):
        if self.model is None:
            self.out.write(data)
            return
        self.held.append(data)
        self.debt += self.model.event_cost(len(data))
        if self.debt >= 0.005:
            self.flush()

    def flush(self):
        if self.debt > 0:
            self.model.spend(time.time(), self.debt)
            self.debt = 0.0
        if self.held:
            self.out.write(b"".join(self.held))
            self.held = []
