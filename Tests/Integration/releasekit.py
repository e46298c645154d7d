"""`make dist` into a temporary directory, once per test process: the release tarball, its
sha256 and the krew manifest, shared by test_dist.py and test_ci_recipes.py."""

import atexit
import functools
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from harness import REPO_ROOT


class Release:
    def __init__(self, directory):
        self.dir = Path(directory)
        self.manifest_path = self.dir / "odh-mpijob.yaml"
        self.manifest = yaml.safe_load(self.manifest_path.read_text())
        tarballs = glob.glob(str(self.dir / "kubectl-odh_*.tar.gz"))
        assert len(tarballs) == 1, tarballs
        self.tarball = Path(tarballs[0])
        self.sha256_file = Path(str(self.tarball) + ".sha256")
        self.top = self.tarball.name[:-len(".tar.gz")]

    @property
    def version(self):
        return self.manifest["spec"]["version"]


@functools.lru_cache(maxsize=None)
def release():
    """Builds the release (a static-stdlib release build, stamped) unless this process did."""
    out = tempfile.mkdtemp(prefix="odh-dist-")
    atexit.register(shutil.rmtree, out, True)
    r = subprocess.run(["make", "-s", "dist", "DIST_DIR=" + out, "RELEASE_URL=file://" + out], cwd=REPO_ROOT,
                       capture_output=True, text=True, timeout=3600)
    if r.returncode != 0:
        raise RuntimeError("make dist failed (%d):\n%s\n%s" % (r.returncode, r.stdout[-3000:], r.stderr[-3000:]))
    return Release(out)


def unpack(rel, into):
    """Extracts the tarball as a user would (`tar -xzf`); returns the directory it holds."""
    subprocess.run(["tar", "-xzf", str(rel.tarball), "-C", str(into)], check=True)
    top = Path(into) / rel.top
    assert top.is_dir(), os.listdir(into)
    return top
