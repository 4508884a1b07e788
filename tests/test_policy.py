import pytest

from imgscreen.policy import Policy, PolicyError, load_policy


def test_defaults_and_toml_override(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('[faces]\nthreshold = 0.6\nstyle = "solid"\n[decide]\nmax_findings = 5\n')
    p = load_policy(f)
    assert p.faces.threshold == 0.6 and p.faces.style == "solid" and p.decide.max_findings == 5
    assert p.text == Policy().text


@pytest.mark.parametrize("body,msg", [
    ("[faces]\nthreshhold = 0.3\n", "unknown key 'threshhold'"),
    ("[face]\nthreshold = 0.3\n", "unknown policy section"),
    ('[faces]\nstyle = "gaussian"\n', "faces.style"),
    ("[faces]\nenabled = 1\n", "true or false"),
    ("[faces\n", "not valid TOML"),
    ('[text]\nlearned_threshold = "high"\n', "learned_threshold"),
    ("[text]\nlearned_threshold = -0.5\n", "learned_threshold"),
    ("[text]\nlearned_list_threshold = true\n", "learned_list_threshold"),
])
def test_mistakes_are_errors_not_silent_defaults(tmp_path, body, msg):
    f = tmp_path / "p.toml"
    f.write_text(body)
    with pytest.raises(PolicyError, match=msg):
        load_policy(f)


def test_missing_policy_file():
    with pytest.raises(PolicyError, match="not found"):
        load_policy("/nonexistent/policy.toml")


def test_metadata_keep_is_checked_against_the_allowed_set(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('[metadata]\nkeep = ["gps"]\n')
    with pytest.raises(PolicyError, match="metadata.keep"):
        load_policy(f)
    f.write_text('[metadata]\nkeep = ["icc_srgb", "copyright"]\n')
    assert load_policy(f).metadata.keep == ("icc_srgb", "copyright")


def test_the_learned_scorer_threshold_is_set_or_switched_off_from_a_policy_file(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[text]\nlearned_threshold = 0.3\n")
    assert load_policy(f).text.learned_threshold == 0.3
    f.write_text("[text]\nlearned_threshold = 1\n")
    assert load_policy(f).text.learned_threshold == 1
    assert Policy().text.learned_threshold is None
    f.write_text("[text]\nlearned_list_threshold = 1.0\n")
    assert load_policy(f).text.learned_list_threshold == 1.0 and Policy().text.learned_list_threshold is None
