#!/usr/bin/python3
"""cri-client SOCKET METHOD [JSON]: one call of the CRI v1 API.

METHOD is an rpc of tests/cri/cri.proto (Version, RunPodSandbox, ExecSync, ...),
JSON its request in the protobuf JSON mapping (field names as in the proto),
read from stdin when not given. Prints the response as JSON (field names as in
the proto, bytes as text for ExecSync). A gRPC error prints "CODE: details" on
stderr and exits 1. Every call has a deadline (CRI_TIMEOUT seconds, 60).

The Python modules are generated from the proto at first use with grpc_tools
(python3-grpc-tools) into CRI_GEN_DIR (default: a directory beside the proto
in the system's temporary directory)."""
import importlib
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def load_modules():
    gen = os.environ.get("CRI_GEN_DIR") or os.path.join(tempfile.gettempdir(), "ct-cri-gen-%d" % os.getuid())
    proto = os.path.join(HERE, "cri.proto")
    stamp = os.path.join(gen, "cri.proto.mtime")
    mtime = str(os.stat(proto).st_mtime_ns)
    try:
        fresh = open(stamp).read() == mtime
    except OSError:
        fresh = False
    if not fresh:
        from grpc_tools import protoc

        os.makedirs(gen, exist_ok=True)
        rc = protoc.main(["protoc", "-I" + HERE, "--python_out=" + gen, "--grpc_python_out=" + gen, proto])
        if rc != 0:
            sys.exit("cri-client: protoc failed on %s" % proto)
        with open(stamp, "w") as f:
            f.write(mtime)
    sys.path.insert(0, gen)
    return importlib.import_module("cri_pb2"), importlib.import_module("cri_pb2_grpc")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sock, method = sys.argv[1], sys.argv[2]
    text = sys.argv[3] if len(sys.argv) == 4 else sys.stdin.read()
    import grpc
    from google.protobuf import json_format

    pb, pb_grpc = load_modules()
    svcs = [s for s in pb.DESCRIPTOR.services_by_name.values() if method in s.methods_by_name]
    if not svcs:
        sys.exit("cri-client: unknown method '%s'" % method)
    svc = svcs[0]
    req_type = getattr(pb, svc.methods_by_name[method].input_type.name)
    req = json_format.Parse(text or "{}", req_type())
    timeout = float(os.environ.get("CRI_TIMEOUT", "60"))
    with grpc.insecure_channel("unix://" + sock) as ch:
        stub = getattr(pb_grpc, svc.name + "Stub")(ch)
        try:
            resp = getattr(stub, method)(req, timeout=timeout)
        except grpc.RpcError as e:
            print("%s: %s" % (e.code().name, e.details()), file=sys.stderr)
            return 1
    out = json_format.MessageToDict(resp, preserving_proto_field_name=True)
    if method == "ExecSync":
        for k in ("stdout", "stderr"):
            out[k] = getattr(resp, k).decode(errors="replace")
        out["exit_code"] = resp.exit_code
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
