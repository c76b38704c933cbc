"""The listening alert rules and text counting: pure functions, no database."""

from datetime import date

from sociable.listening import evaluation, matching, signals


def test_a_day_far_above_the_robust_baseline_is_unusual():
    history = [10, 12, 9, 11, 10, 13, 8] * 4
    assert signals.unusual_volume(history, 40) is not None


def test_an_ordinary_day_is_not_unusual():
    history = [10, 12, 9, 11, 10, 13, 8] * 4
    assert signals.unusual_volume(history, 16) is None


def test_an_earlier_spike_does_not_raise_the_baseline():
    quiet = [10, 12, 9, 11, 10, 13, 8] * 4
    with_spike = quiet[:-1] + [200]
    assert signals.volume_baseline(with_spike).median == signals.volume_baseline(quiet).median
    assert signals.unusual_volume(with_spike, 40) is not None


def test_a_small_count_never_alerts_below_the_minimum_count():
    assert signals.unusual_volume([0] * 28, signals.MIN_COUNT - 1) is None
    assert signals.unusual_volume([0] * 28, signals.MIN_COUNT) is not None


def test_less_than_a_week_of_history_never_alerts():
    assert signals.unusual_volume([1, 1, 1], 500) is None


def test_three_weekly_rises_ending_above_the_floor_signal():
    assert signals.symptom_signal([3, 2, 4, 6, 9], rises=3, floor=5)


def test_rises_that_stay_below_the_floor_do_not_signal():
    assert not signals.symptom_signal([0, 1, 2, 4], rises=3, floor=5)


def test_a_fall_breaks_the_run_of_rises():
    assert signals.consecutive_rises([2, 4, 6, 5, 7]) == 1
    assert not signals.symptom_signal([2, 4, 6, 5, 7], rises=3, floor=5)


def test_days_are_grouped_into_iso_weeks_starting_on_monday():
    counts = {date(2026, 11, 16): 2, date(2026, 11, 22): 1, date(2026, 11, 23): 4}
    assert signals.weekly_series(counts, date(2026, 11, 9), date(2026, 11, 23)) == [0, 3, 4]


def test_missing_days_count_as_zero():
    counts = {date(2026, 11, 2): 5}
    assert signals.daily_series(counts, date(2026, 11, 1), date(2026, 11, 3)) == [0, 5, 0]


def test_simulated_ordinary_days_raise_at_most_three_false_alarms_a_year():
    rows = evaluation.volume_false_alarms()
    assert max(row["false_alarms_per_year"] for row in rows) <= 3


def test_simulated_fivefold_spikes_on_busy_poisson_searches_are_caught():
    rows = [
        r
        for r in evaluation.volume_detection(multipliers=(5.0,), trials=100)
        if r["family"] == "poisson" and r["mean_per_day"] >= 10
    ]
    assert min(row["detection_rate"] for row in rows) >= 0.95


def test_a_search_keeps_keywords_phrases_and_hashtags_and_drops_exclusions():
    matcher = matching.Matcher(["Northshire", "vomiting bug"], ["#NursesDay"], ["Northshire FC"])
    assert matcher.matches("Parking at Northshire General is a joke")
    assert matcher.matches("The vomiting  bug is back")
    assert matcher.matches("Happy #nursesday everyone")
    assert not matcher.matches("Northshire FC through to the final")
    assert not matcher.matches("Nurses day cake")


def test_a_keyword_matches_whole_words_and_its_hashtag():
    matcher = matching.Matcher(["noro"], [], [])
    assert matcher.matches("#noro at the care home")
    assert not matcher.matches("Norovirus everywhere")


def test_networks_are_asked_one_term_at_a_time_with_phrases_quoted():
    assert matching.network_queries(["Northshire", "vomiting bug"], ["HelloMyNameIs"]) == [
        "Northshire",
        '"vomiting bug"',
        "#HelloMyNameIs",
    ]


def test_top_terms_leave_out_stop_words_links_handles_and_hashtags():
    texts = [
        "The parking at Northshire is awful https://x.test/a @NorthshireNHS #parking",
        "Parking again! And the cafe is closed",
    ]
    terms = dict(matching.top_terms(texts))
    assert terms["parking"] == 2
    assert not {"the", "at", "and", "again", "https", "northshirenhs", "#parking"} & set(terms)


def test_hashtags_are_counted_once_per_post_whatever_their_case():
    assert matching.top_hashtags(["#NursesDay #nursesday", "#NURSESDAY"]) == [("#nursesday", 2)]
