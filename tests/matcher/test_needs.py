from __future__ import annotations

from matcher.needs import split_needs


def test_an_opportunity_of_one_sentence_is_one_need() -> None:
    assert split_needs("Laser welding", "We need help with aluminium battery trays.") == [
        "Laser welding. We need help with aluminium battery trays."
    ]


def test_enumerated_topics_are_one_need_each_without_the_preamble() -> None:
    description = (
        "Regione Lombardia finanzia progetti di collaborazione tra cluster su uno dei seguenti temi. "
        "Tema 1: riciclo degli scarti polimerici misti delle linee di produzione. "
        "Tema 2: gemelli digitali energetici degli stabilimenti manifatturieri. "
        "Tema 3: controllo qualità in linea con visione artificiale e apprendimento automatico."
    )
    needs = split_needs("Bando 2026", description, max_words=12)
    assert needs == [
        "riciclo degli scarti polimerici misti delle linee di produzione.",
        "gemelli digitali energetici degli stabilimenti manifatturieri.",
        "controllo qualità in linea con visione artificiale e apprendimento automatico.",
    ]


def test_bullet_lists_are_needs() -> None:
    description = (
        "We are building a pilot line for recycled battery materials and look for partners for:\n"
        "- hydrometallurgical recovery of lithium and cobalt from black mass\n"
        "- safe dismantling of electric vehicle battery packs by robots\n"
        "- life cycle assessment of the whole recycling chain\n"
    )
    needs = split_needs("Battery recycling pilot", description, max_words=12)
    assert [n.split()[0] for n in needs] == ["hydrometallurgical", "safe", "life"]


def test_prose_is_split_into_sentences_with_short_fragments_joined() -> None:
    sentence = "The consortium develops {} methods for precision agriculture in the Po valley with farmers."
    description = " ".join(sentence.format(w) for w in ("sensing", "irrigation", "forecasting", "breeding"))
    needs = split_needs("Precision agriculture", description + " Keywords: agronomy.", max_words=20)
    assert needs[0].startswith("The consortium develops sensing methods")
    assert len(needs) == 4
    assert needs[-1].endswith("with farmers. Keywords: agronomy.")


def test_never_more_than_max_needs_and_nothing_dropped() -> None:
    description = " ".join(
        f"Sentence number {i} describes one more separate need of this call." for i in range(40)
    )
    needs = split_needs("Title", description, max_needs=7)
    assert len(needs) <= 7
    assert " ".join(needs).split() == description.split()
