"""Pure text-similarity functions: no database."""

from covid_intake import similarity


def test_normalise_folds_accents_but_keeps_norwegian_letters():
    assert similarity.normalise("Café-besøk på  SYKEHJEM!") == "cafe besøk på sykehjem"


def test_trigrams_match_pg_trgm_padding():
    assert similarity.trigrams("øl") == {"  ø", " øl", "øl "}


def test_identical_texts_score_one_and_unrelated_near_zero():
    assert similarity.similarity("Smittesporing med app", "smittesporing MED app.") == 1.0
    assert similarity.similarity("Smittesporing med app", "Lageroversikt for munnbind") < 0.1


def test_score_matches_pg_trgm_similarity():
    # SELECT similarity('smittesporing app', 'smittesporingsapp') = 0.71428573 in PostgreSQL
    assert similarity.similarity("smittesporing app", "smittesporingsapp") == 0.714


def test_near_copy_is_a_likely_duplicate_and_a_related_text_is_not():
    original = "Videokonsultasjon for alle fastleger. Sikker løsning integrert med timebok."
    copy = "Videokonsultasjon for alle fastlegene. Sikker løsning integrert med timeboka."
    related = "Video mellom sykehjem og pårørende under besøksforbudet."
    assert similarity.is_likely_duplicate(similarity.similarity(original, copy))
    assert not similarity.is_likely_duplicate(similarity.similarity(original, related))


def test_most_similar_ranks_and_limits():
    candidates = [
        (1, similarity.search_text("SMS med prøvesvar")),
        (2, similarity.search_text("Lageroversikt for smittevernutstyr")),
        (3, similarity.search_text("SMS med prøvesvar fra teststasjoner")),
    ]
    result = similarity.most_similar("SMS med prøvesvar", candidates, limit=2)
    assert [pk for pk, _ in result] == [1, 3]
    assert result[0][1] == 1.0


def test_search_text_is_cut_at_a_word():
    text = similarity.search_text("ord " * 200, length=10)
    assert text == "ord ord"


def test_tokens_drop_stopwords():
    assert similarity.tokens("Informasjon til innbyggere om og i karantene") == {
        "informasjon",
        "innbyggere",
        "karantene",
    }
