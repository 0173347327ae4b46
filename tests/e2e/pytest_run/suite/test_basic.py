def test_sorted(numbers):
    assert sorted(numbers) == [1, 2, 3]


def test_greeting(greeting):
    assert greeting.upper() == "HELLO"
