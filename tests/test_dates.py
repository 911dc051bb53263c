from multivector.text.dates import find_dates, normalise_iso, parse_date


def test_numeric_and_written_dates() -> None:
    assert parse_date("14.02.2022 09:49") == "2022-02-14"
    assert parse_date("Published: 3 March 2023") == "2023-03-03"
    assert parse_date("February 14, 2022") == "2022-02-14"
    assert parse_date("14 февраля 2022 г.") == "2022-02-14"
    assert parse_date("2023-11-10T09:00:00+03:00") == "2023-11-10"


def test_month_precision_and_order() -> None:
    found = find_dates("announced in November 2022, then in May 2023")
    assert [(m.iso, m.precision) for m in found] == [("2022-11-01", "month"), ("2023-05-01", "month")]


def test_no_invented_dates() -> None:
    assert find_dates("you may 2023 times over") == []
    assert parse_date("31.02.2022") is None
    assert parse_date("the 10th summit") is None
    assert normalise_iso(None) is None
    assert normalise_iso("2022-13-45") is None
