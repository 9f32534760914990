"""The S3 side of scripts/chaos: a real SeaweedFS server (scripts/seaweedfs.sh) and the few S3
calls the checks need (create the bucket, list objects and unfinished uploads), signed with AWS
Signature V4 from the Python standard library, so the chaos test keeps needing nothing installed.
"""
import datetime as dt
import hashlib
import hmac
import http.client
import os
import socket
import subprocess
import time
import urllib.parse
import xml.etree.ElementTree as ET

# scripts/seaweedfs.sh writes these credentials into the server's s3.json.
ACCESS_KEY = os.environ.get("SEAWEEDFS_ACCESS_KEY", "taskmill")
SECRET_KEY = os.environ.get("SEAWEEDFS_SECRET_KEY", "taskmill-secret")
REGION = "us-east-1"
BUCKET = "taskmill-chaos"
OBJECTS = "objects/"  # the S3 file store's prefix of complete files (S3FileStore.OBJECTS)


def _ports_free(first, count):
    for port in range(first, first + count):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_port_block(count=8):
    """A port whose next {count} - 1 ports are free too (`weed server` takes eight)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + count < 65535 and _ports_free(port, count):
            return port
    raise RuntimeError("no block of 8 free loopback ports")


class S3:
    """Path-style S3 requests to one endpoint, signed with Signature V4."""

    def __init__(self, port):
        self.port = port
        self.endpoint = f"http://127.0.0.1:{port}"

    def call(self, method, path, query=None, body=b""):
        query = query or {}
        now = dt.datetime.now(dt.timezone.utc)
        amz_date = now.strftime("%Y%m%dT%H%M%SZ")
        day = now.strftime("%Y%m%d")
        payload_hash = hashlib.sha256(body).hexdigest()
        host = f"127.0.0.1:{self.port}"
        canonical_query = "&".join(
            f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(str(v), safe='-_.~')}"
            for k, v in sorted(query.items()))
        headers = {"host": host, "x-amz-content-sha256": payload_hash, "x-amz-date": amz_date}
        signed = ";".join(sorted(headers))
        canonical = "\n".join([
            method, urllib.parse.quote(path, safe="/-_.~"), canonical_query,
            "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), signed, payload_hash])
        scope = f"{day}/{REGION}/s3/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                             hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("AWS4" + SECRET_KEY).encode()
        for part in (day, REGION, "s3", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{scope}, "
                                    f"SignedHeaders={signed}, Signature={signature}")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            url = path + ("?" + canonical_query if canonical_query else "")
            conn.request(method, url, body=body or None, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def create_bucket(self, bucket, timeout_s=120):
        """Creates {bucket}, waiting until an object can be stored in it: SeaweedFS opens its S3
        port before the filer behind it takes writes (as SeaweedFs.createBucket in the tests)."""
        deadline = time.time() + timeout_s
        last = None
        while time.time() < deadline:
            try:
                status, body = self.call("PUT", f"/{bucket}")
                if status in (200, 409):
                    status, body = self.call("PUT", f"/{bucket}/ready", body=b"ok")
                    if status == 200:
                        self.call("DELETE", f"/{bucket}/ready")
                        return
                last = (status, body[:200])
            except OSError as e:
                last = repr(e)
            time.sleep(0.3)
        raise RuntimeError(f"bucket {bucket} not writable within {timeout_s} s: {last}")

    def _list(self, bucket, query, element, field):
        """Every {field} of the {element} entries of a paginated list answer."""
        found = []
        query = dict(query)
        while True:
            status, body = self.call("GET", f"/{bucket}", query)
            if status != 200:
                raise RuntimeError(f"listing {bucket} {query} answered {status}: {body[:300]!r}")
            root = ET.fromstring(body)
            ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
            found += [e.findtext(ns + field) for e in root.iter(ns + element)]
            if root.findtext(ns + "IsTruncated") != "true":
                return found
            token = root.findtext(ns + "NextContinuationToken")
            if token:
                query["continuation-token"] = token
            else:  # ListMultipartUploads pages by markers
                query["key-marker"] = root.findtext(ns + "NextKeyMarker")
                query["upload-id-marker"] = root.findtext(ns + "NextUploadIdMarker")

    def objects(self, bucket, prefix=OBJECTS):
        """The keys under {prefix}, without it."""
        keys = self._list(bucket, {"list-type": "2", "prefix": prefix}, "Contents", "Key")
        return [k[len(prefix):] for k in keys]

    def unfinished_uploads(self, bucket, prefix=OBJECTS):
        """Keys of multipart uploads begun and neither completed nor aborted."""
        return self._list(bucket, {"uploads": "", "prefix": prefix}, "Upload", "Key")


class SeaweedFs:
    """`weed server -s3` started by scripts/seaweedfs.sh (which must have built it), stopped with
    the chaos run (and by the script's own time limit, and when this process ends)."""

    name = "seaweedfs"

    def __init__(self, repo, root):
        self.repo = repo
        self.dir = root / "seaweedfs"
        self.port = free_port_block()
        self.pid = None
        self.s3 = S3(self.port)

    def start(self):
        env = dict(os.environ, SEAWEEDFS_WATCH_PID=str(os.getpid()))
        out = subprocess.run([str(self.repo / "scripts" / "seaweedfs.sh"), "start", str(self.dir),
                              str(self.port)], env=env, capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"SeaweedFS did not start: {out.stderr[-2000:]}")
        self.pid = int(out.stdout.strip().splitlines()[-1])
        self.s3.create_bucket(BUCKET)

    def instance_env(self):
        """How an instance reaches the bucket (taskmill.store.* as environment variables)."""
        return {
            "TASKMILL_STORE_TYPE": "s3",
            "TASKMILL_STORE_S3_ENDPOINT": self.s3.endpoint,
            "TASKMILL_STORE_S3_BUCKET": BUCKET,
            "TASKMILL_STORE_S3_REGION": REGION,
            "TASKMILL_STORE_S3_ACCESS_KEY": ACCESS_KEY,
            "TASKMILL_STORE_S3_SECRET_KEY": SECRET_KEY,
            "TASKMILL_STORE_S3_PATH_STYLE": "true",
        }

    def tail(self, n=30):
        try:
            return "\n".join((self.dir / "seaweedfs.log").read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self, grace=None):
        if self.pid:
            try:
                os.kill(self.pid, 15)  # `timeout` passes it on to weed
            except ProcessLookupError:
                pass
            self.pid = None
