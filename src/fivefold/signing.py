"""Sign and verify sign-off statements with `ssh-keygen -Y`, as git does for SSH-signed commits."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from fivefold.errors import FivefoldError

NAMESPACE = "fivefold"
# ssh-keygen signs in well under a second; a prompt nobody can answer must not hang a CI job.
TIMEOUT_SECONDS = 30


class SigningError(FivefoldError):
    """Signing or verifying could not be done; the text says why and what to do."""


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise SigningError("ssh-keygen is not installed; install OpenSSH (e.g. apt-get install openssh-client)")
    return found


def _run(args: list[str], *, input_bytes: bytes) -> subprocess.CompletedProcess[bytes]:
    # A new session has no controlling terminal, so a passphrase prompt fails at once
    # instead of waiting on /dev/tty; SSH_ASKPASS_REQUIRE=never keeps GUI prompts away too.
    env = {**os.environ, "SSH_ASKPASS_REQUIRE": "never"}
    env.pop("SSH_ASKPASS", None)
    try:
        return subprocess.run(
            args,
            input=input_bytes,
            capture_output=True,
            env=env,
            timeout=TIMEOUT_SECONDS,
            start_new_session=True,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise SigningError(f"ssh-keygen did not finish within {TIMEOUT_SECONDS} s; is it waiting for input?") from error


def _needs_passphrase(key: Path) -> bool:
    probe = _run([_ssh_keygen(), "-y", "-P", "", "-f", str(key)], input_bytes=b"")
    return probe.returncode != 0 and b"passphrase" in probe.stderr.lower()


def _agent_holds(public: Path) -> bool:
    """Whether the running ssh-agent holds the key whose public half is `public` (True when it cannot be asked)."""
    ssh_add = shutil.which("ssh-add")
    if ssh_add is None:
        return True  # let ssh-keygen try, and report what it says
    try:
        wanted = public.read_text(encoding="utf-8").split()[:2]
    except (OSError, UnicodeDecodeError):
        return True
    listed = _run([ssh_add, "-L"], input_bytes=b"")
    return any(line.split()[:2] == wanted for line in listed.stdout.decode("utf-8", "replace").splitlines())


def _is_public_key(key: Path) -> bool:
    """Whether `key` holds a public key ("ssh-ed25519 AAAA… comment") rather than a private one."""
    try:
        with key.open("rb") as file:
            words = file.read(8192).split(maxsplit=1)
    except OSError:
        return False  # ssh-keygen says why it cannot read it
    return bool(words) and words[0].startswith((b"ssh-", b"ecdsa-", b"sk-"))


def _private_signing_key(key: Path) -> Path:
    """The key to give ssh-keygen for the private key `key`: itself, or its public half when ssh-agent holds it."""
    if not _needs_passphrase(key):
        return key
    # Fivefold never prompts: with the key in ssh-agent, ssh-keygen signs through the agent
    # when given the public half. Without it there, ssh-keygen would fall back to asking for
    # the passphrase, and fail with a misleading "incorrect passphrase": refuse first.
    public = key.with_name(key.name + ".pub")
    if not os.environ.get("SSH_AUTH_SOCK"):
        raise SigningError(
            f"the key {key} has a passphrase, which Fivefold does not prompt for; "
            "add the key to ssh-agent (ssh-add) and try again"
        )
    if not public.is_file():
        raise SigningError(
            f"the key {key} has a passphrase; to sign through ssh-agent Fivefold needs its public half "
            f"{public} beside it"
        )
    if not _agent_holds(public):
        raise SigningError(
            f"the key {key} has a passphrase and is not in the running ssh-agent; add it with 'ssh-add {key}'"
        )
    return public


def _public_signing_key(public: Path) -> Path:
    """The key to give ssh-keygen for the public key `public`, as `git` signs with `user.signingKey` set to one.

    ssh-keygen signs with it through ssh-agent when the agent holds it; otherwise it loads the private key
    beside it and, if that has a passphrase, asks for it (with no terminal: "incorrect passphrase supplied").
    So a key the agent does not hold is judged as its private half would be, and refused the same way.
    """
    agent = bool(os.environ.get("SSH_AUTH_SOCK"))
    if agent and _agent_holds(public):
        return public
    private = public.with_suffix("") if public.suffix == ".pub" else None
    if private is not None and private.is_file():
        return _private_signing_key(private)
    if not agent:
        raise SigningError(
            f"the key {public} is a public key, which Fivefold signs with only through ssh-agent; "
            "start ssh-agent, add the key (ssh-add) and try again, or give the private key"
        )
    raise SigningError(
        f"the key {public} is a public key that the running ssh-agent does not hold; add its private key with "
        "ssh-add and try again"
    )


def sign(statement: str, key: Path) -> str:
    """The armored SSH signature of `statement` made with the key at `key`: a private key, or a public key
    whose private half ssh-agent holds (or which lies beside it without a passphrase). Never a prompt."""
    ssh_keygen = _ssh_keygen()
    key = key.expanduser()
    if not key.is_file():
        raise SigningError(f"the key {key} does not exist; give the path of your private SSH key with --key")
    key = _public_signing_key(key) if _is_public_key(key) else _private_signing_key(key)
    with _scratch_folder("fivefold-sign-") as folder:
        message = Path(folder) / "statement.json"
        _write_scratch(message, statement.encode("utf-8"))
        result = _run([ssh_keygen, "-Y", "sign", "-f", str(key), "-n", NAMESPACE, str(message)], input_bytes=b"")
        signature = message.with_name("statement.json.sig")
        if result.returncode != 0 or not signature.is_file():
            reason = _first_line(result.stderr) or f"exit code {result.returncode}"
            raise SigningError(f"ssh-keygen could not sign with {key}: {reason}")
        return signature.read_text(encoding="ascii")


def verify(statement: str, signature: str, *, principal: str, allowed_signers: Path) -> str | None:
    """None when `signature` is a valid signature of `statement` by `principal`, else the reason."""
    ssh_keygen = _ssh_keygen()
    if not allowed_signers.is_file():
        raise SigningError(f"the allowed signers file {allowed_signers} does not exist")
    with _scratch_folder("fivefold-verify-") as folder:
        signature_file = Path(folder) / "statement.sig"
        _write_scratch(signature_file, signature.encode("ascii"))
        result = _run(
            [
                ssh_keygen,
                "-Y",
                "verify",
                "-f",
                str(allowed_signers),
                "-I",
                principal,
                "-n",
                NAMESPACE,
                "-s",
                str(signature_file),
            ],
            input_bytes=statement.encode("utf-8"),
        )
    if result.returncode == 0:
        return None
    return _first_line(result.stderr) or _first_line(result.stdout) or "the signature does not verify"


def _scratch_folder(prefix: str) -> tempfile.TemporaryDirectory[str]:
    """A private folder for the files ssh-keygen reads and writes (created at once)."""
    try:
        return tempfile.TemporaryDirectory(prefix=prefix)
    except OSError as error:
        raise SigningError(_no_scratch(error)) from error


def _write_scratch(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:  # a full temp disk: one sentence, and the signature counts as unchecked
        raise SigningError(_no_scratch(error)) from error


def _no_scratch(error: OSError) -> str:
    return (
        f"cannot write the files ssh-keygen needs in {tempfile.gettempdir()} ({error.strerror or error}); "
        "free some space there, or point TMPDIR at another folder"
    )


def _first_line(output: bytes) -> str:
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[0] if lines else ""


def signature_check(allowed_signers: Path) -> Callable[[str, str, str], str | None]:
    """A check for `review.rules.evaluate`: a signature over a statement, by the principal the statement names.

    Each distinct (statement, signature, principal) is checked once per process: a statement judged
    again (the app re-reads an assessment, a test mutates an export) costs no second ssh-keygen run.
    """
    if not allowed_signers.is_file():
        raise SigningError(f"the allowed signers file {allowed_signers} does not exist")
    checked: dict[tuple[str, str, str], str | None] = {}

    def check(statement: str, signature: str, principal: str) -> str | None:
        key = (statement, signature, principal)
        if key not in checked:
            checked[key] = verify(statement, signature, principal=principal, allowed_signers=allowed_signers)
        return checked[key]

    return check
