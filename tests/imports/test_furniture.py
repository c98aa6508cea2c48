"""Page furniture is never a candidate: credits, notices, contact and follow lines, share runs, teasers, captions.

Every sentence here was written for the test. Each rule reads a line's form, so the near misses
beside it (a claim about copyright, a sentence about an app's users) are still proposed.
"""
import pytest

from imports import candidates, furniture

FURNITURE = [
    "Copyright © 2021 by Helen Marsh.",
    "© 2024 Northern Ledger Media. All rights reserved.",
    "REPRODUCING THIS ARTICLE WITHOUT WRITTEN PERMISSION IS PROHIBITED.",
    "Reprinted by permission of Harbour Press, Boston, MA.",
    "Used with the kind permission of the Orchard Trust, Leeds.",
    "Excerpted from “The Long Harvest: Farming After 1945” by Ruth Abara.",
    "From the book The Quiet Coast by Daniel Oyelaran.",
    "Write to the newsroom at tips@northernledger.example or call 555-0142.",
    "Follow The Courier on Facebook and on Twitter @TheCourierDaily.",
    "For breaking news on the go, download the Courier apps for iOS and Android.",
    "Subscribe to our weekly politics newsletter for more.",
    "Home News Port strike ends Share Facebook Twitter WhatsApp Email The strike at the port ended on Monday after 12 days.",
    "MORE: City council approves $40 million budget for new tram line",
    "Read more: Why the harbour bridge cost twice its estimate.",
    "Photo: Dockworkers leave the terminal at Felixstowe on 3 May 2023.",
    "Header image: Fishing boats moored at Whitby harbour in 2019.",
    "Editor's note: This story was updated on 4 June to correct a figure.",
    "HARTFIELD — The following are the fire brigade's call-outs for the week.",
    "Affiliations are given for identification purposes only.",
    "Welcome to Lost Decade, our series on ten years that changed the town.",
]

CLAIMS = [
    "Copyright lawsuits against software firms doubled in 2023 to 40 cases.",
    "From the book's first printing in 1851 to 1900, it sold 90,000 copies.",
    "More than 5 million people download the app each month, the company said.",
    "The following year, exports rose 12% to $4 billion.",
    "Followers of the party won 14 of the 20 seats on the council in 2022.",
    "The minister said 3,000 people signed up for the scheme in its first week.",
    "Photographers were barred from 12 of the 15 hearings last year, the court said.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_recognised_and_never_proposed(line):
    assert furniture.is_furniture(line)
    assert candidates.extract(line) == []


@pytest.mark.parametrize("sentence", CLAIMS)
def test_claims_that_look_like_furniture_are_still_proposed(sentence):
    assert not furniture.is_furniture(sentence)
    assert candidates.extract(sentence)


def test_furniture_between_paragraphs_leaves_the_article_s_claims_alone():
    text = ("The port handled 24 million tonnes of cargo in 2023, the port authority said.\n"
            "Photo: Cranes at the container terminal.\n"
            "Follow The Courier on Twitter and Instagram @TheCourierDaily.\n"
            "Cargo through the port rose 12% last year, the highest rise since 2010.")
    quotes = {c.quote for c in candidates.extract(text)}
    assert quotes == {"The port handled 24 million tonnes of cargo in 2023, the port authority said.",
                      "Cargo through the port rose 12% last year, the highest rise since 2010."}


def test_an_honorific_abbreviation_does_not_end_a_sentence():
    text = "The Prime Minister, the Rt. Hon. Keith Marlow, opened the 40-kilometre road on Monday."
    assert candidates.sentences(text) == [(0, len(text))]
