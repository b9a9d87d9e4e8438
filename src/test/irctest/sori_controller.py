"""irctest controller for sori: starts `sori server` with IRC on the port irctest gives.

Use it from a copy of irctest with this directory on PYTHONPATH:

    PYTHONPATH=src/test/irctest python3 -m pytest --controller sori_controller ...

`bench/irctest` does that. The server is the worktree's own `./sori` launcher (which builds
target/sori.jar when the sources are newer), with its history and accounts in a temporary
SQLite store, so `registerUser` can make accounts with `sori accounts create`.
"""

import atexit
import os
from pathlib import Path
import shutil
import subprocess
import tempfile
from typing import Optional, Set, Type

from irctest.basecontrollers import BaseServerController, DirectoryBasedController
from irctest.runner import NotImplementedByController

SORI_HOME = Path(os.environ.get("SORI_HOME", Path(__file__).resolve().parents[2]))


def sori_command() -> list:
    """`java -jar` on a frozen copy of the jar when bench/irctest made one (so editing the sources
    during a run rebuilds nothing), else the worktree's launcher."""
    jar = os.environ.get("SORI_JAR")
    java = os.environ.get("SORI_JAVA")
    if jar and java:
        flags = os.environ.get("SORI_JAVA_FLAGS", "").split()
        return [java, *flags, *JAVA_OPTS.split(), "-jar", jar]
    return [str(SORI_HOME / "sori")]


# A short-lived server: start fast rather than run fast.
JAVA_OPTS = "-XX:TieredStopAtLevel=1 -Xshare:auto"

# The IRC operator irctest's oper.py, kill.py, wallops.py ... log in as: an ordinary account, made with the
# accounts CLI like any other, that the server is told administers it (--admin).
OPER_NAME = "operuser"
OPER_PASSWORD = "operpassword"
_template: Optional[Path] = None


def data_template() -> Path:
    """A data directory holding only the operator's account, made once per pytest process and copied for
    each server: one more JVM start per test would add minutes to a run."""
    global _template
    if _template is None:
        where = Path(tempfile.mkdtemp(prefix="sori-irctest-"))
        atexit.register(shutil.rmtree, where, True)
        subprocess.run(
            [*sori_command(), "accounts", "create", OPER_NAME, "--store", "sqlite", "--data-dir", str(where / "data")],
            input=OPER_PASSWORD + "\n", text=True, check=True,
            env=dict(os.environ, SORI_JAVA_OPTS=JAVA_OPTS), stdout=subprocess.DEVNULL,
        )
        _template = where / "data"
    return _template


class SoriController(BaseServerController, DirectoryBasedController):
    software_name = "sori"
    supported_sasl_mechanisms: Set[str] = {"PLAIN", "SCRAM-SHA-256"}
    supports_sts = False

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: Optional[str],
        ssl: bool,
        run_services: bool,
        faketime: Optional[str],
        websocket_hostname: Optional[str],
        websocket_port: Optional[int],
    ) -> None:
        if websocket_hostname is not None or websocket_port is not None:
            raise NotImplementedByController("Websocket")
        if password is not None:
            raise NotImplementedByController("PASS as a server password")
        assert self.proc is None
        self.port = port
        self.hostname = hostname
        self.create_config()
        assert self.directory
        (_, line_port) = self.get_hostname_and_port()
        shutil.copytree(data_template(), self.directory / "data", ignore=shutil.ignore_patterns("*.lock", "lock"))
        args = [
            *sori_command(), "server",
            "--host", hostname,
            "--irc-port", str(port),
            "--port", str(line_port),
            "--web-port", "0",
            "--metrics-port", "0",
            "--store", "sqlite",
            "--data-dir", str(self.directory / "data"),
            "--server-name", "My.Little.Server",
            "--admin", OPER_NAME,
            # irctest sends bursts on purpose; the flood limit has its own tests in sori.
            "--flood-burst", "0",
            "--replay", "0",
        ]
        if ssl:
            self.gen_ssl()
            args += ["--tls-cert", str(self.pem_path), "--tls-key", str(self.key_path)]
        # os.environ carries SORI_IRCTEST_RUN from bench/irctest, which reaps by it what pytest leaves.
        env = dict(os.environ, SORI_JAVA_OPTS=JAVA_OPTS)
        self.proc = self.execute(args, env=env)

    def wait_for_services(self) -> None:
        # Accounts are sori's own: nothing else to start. The port is open once the store is migrated.
        self.wait_for_port()

    def registerUser(self, case, username: str, password: Optional[str] = None) -> None:  # type: ignore
        """`sori accounts create` beside the running server (SQLite's WAL lets both write). It exited 1
        for two reasons: irctest's passwords are as short as "bar" (hence --any-length), and a call made
        while the server was still migrating the new store (both ran Flyway on one SQLite file, and one
        got SQLITE_BUSY_SNAPSHOT): so it waits for the port, which opens after the migration. Its error
        output is kept in the exception, so a failure says why."""
        assert self.directory
        self.wait_for_port()
        done = subprocess.run(
            [*sori_command(), "accounts", "create", username, "--any-length", "--store", "sqlite",
             "--data-dir", str(self.directory / "data")],
            input=(password or "") + "\n", text=True,
            env=dict(os.environ, SORI_JAVA_OPTS=JAVA_OPTS),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        if done.returncode != 0:
            raise RuntimeError(f"sori accounts create {username} exited {done.returncode}: {done.stderr.strip()}")


def get_irctest_controller_class() -> Type[SoriController]:
    return SoriController
