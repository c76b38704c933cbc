from tests.support import product_env, sociable


def test_sociable_without_arguments_explains_itself(tmp_path):
    done = sociable(env=product_env(tmp_path))
    assert done.returncode == 2
    assert "sociable run" in done.stdout and "sociable triage" in done.stdout


def test_an_unknown_command_is_a_clear_error(tmp_path):
    done = sociable("publish-everything-now", env=product_env(tmp_path))
    assert done.returncode != 0
    assert "Unknown command" in done.stderr


def test_django_commands_work_through_sociable(tmp_path):
    done = sociable("check", env=product_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_seeding_the_demo_twice_keeps_the_data_and_the_password(tmp_path):
    env = product_env(tmp_path)
    assert sociable("migrate", "-v0", env=env).returncode == 0
    first = sociable("seed_demo", env=env)
    second = sociable("seed_demo", env=env)
    assert "Created the demo organisation" in first.stdout
    assert "Kept the demo organisation" in second.stdout
    password = (tmp_path / "demo-password.txt").read_text().strip()
    assert password in first.stdout and password in second.stdout
