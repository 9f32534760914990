"""`python -m taskmill test` for a person at a terminal: --pretty prints the result to read, and
--setup tests a module with requirements in a virtualenv made (once) with them, as README step 3
says. Real subprocesses, a real venv and pip."""
import subprocess
import sys
import textwrap

from conftest import HEADER, sdk_env

CHECKED = '''
class Shout(Module):
    name = "shout"
    version = "1.0.0"
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("loud", Kind.TEXT)]

    def run(self, ctx):
        ctx.progress(0.5, "shouting")
        ctx.write_text("loud", ctx.inputs["text"].read_text().upper() + "!")

    def self_test(self):
        def check_loud(outputs):
            assert outputs["loud"].read_text() == "HI!"

        def check_quiet(outputs):
            assert outputs["loud"].read_text() == "hi", "expected it quiet"

        return SelfTest(inputs={"text": Fixture.text("hi")}, checks=[check_loud, check_quiet])
'''

NEEDS_A_PACKAGE = '''
class UsesSix(Module):
    name = "uses-six"
    version = "1.0.0"
    requirements = ["six==1.17.0"]
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("where", Kind.TEXT)]

    def run(self, ctx):
        import six  # installed by --setup only: not in the interpreter that runs the tests
        ctx.write_text("where", sys.prefix + " " + six.__version__)

    def self_test(self):
        def check_in_its_environment(outputs):
            assert "test-venvs" in outputs["where"].read_text()

        return SelfTest(inputs={"text": Fixture.text("x")}, checks=[check_in_its_environment])
'''


def taskmill(folder, *args, env=None):
    return subprocess.run([sys.executable, "-m", "taskmill", *args], cwd=folder, env=env or sdk_env(),
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def write(tmp_path, source):
    folder = tmp_path / "mod"
    folder.mkdir()
    (folder / "main.py").write_text(HEADER + "import sys\n" + textwrap.dedent(source), encoding="utf-8")
    return folder


def test_pretty_prints_the_checks_the_outputs_and_the_verdict(tmp_path):
    out = taskmill(write(tmp_path, CHECKED), "test", "--pretty")
    assert out.returncode != 0
    lines = out.stdout.splitlines()
    assert "[ 50.0 %] shouting" in lines
    assert "self-test FAILED (1 of 2 check(s) ok)" in lines
    assert "  ok   check_loud" in lines
    assert any(line.startswith("  FAIL check_quiet: expected it quiet") for line in lines), lines
    assert "  output loud: 'HI!'" in lines
    assert not any(line.startswith("{") for line in lines)  # no JSON for a person to decode


def test_setup_makes_an_environment_with_the_requirements_once_and_tests_in_it(tmp_path):
    folder = write(tmp_path, NEEDS_A_PACKAGE)
    env = {**sdk_env(), "TASKMILL_CACHE": str(tmp_path / "cache")}
    # Without it, the self-test cannot import its requirement.
    assert taskmill(folder, "test", env=env).returncode != 0
    first = taskmill(folder, "test", "--setup", "--pretty", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "self-test PASSED (1 of 1 check(s) ok)" in first.stdout
    assert "making" in first.stderr and "six==1.17.0" in first.stderr
    again = taskmill(folder, "test", "--setup", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "making" not in again.stderr  # reused
    assert '"ok":true' in again.stdout.replace(" ", "")  # JSON lines without --pretty
    assert len(list((tmp_path / "cache" / "test-venvs").iterdir())) == 1
