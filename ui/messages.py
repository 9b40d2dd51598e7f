"""GOV.UK error messages that name the field and say how to fix it, worked out from the field's label.

A label is a noun phrase ("First name"), an instruction ("Describe the risk of self-harm") or a question ("What is
the child's sex?", "Does the child take any medication?"). `field_name` turns it into the words a message uses:
"Enter the first name", "Describe the risk of self-harm", "Select the child's sex", "Select yes if the child takes
any medication". A form can give the noun phrase itself ("the child's first name") where the label does not say it.
"""

import re
from dataclasses import dataclass

_AUXILIARIES = {
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "does",
    "do",
    "did",
    "can",
    "must",
    "should",
    "will",
    "would",
}
_COPULAS = {"is", "are", "was", "were"}
_QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how"}
# Subjects a question may put after its verb ("Does the child take ...", "Where is the child educated?").
_SUBJECTS = (
    "the young person",
    "the current placement",
    "the placement",
    "the secure placement",
    "the application",
    "the hearing",
    "the deprivation of liberty order",
    "the secure accommodation order",
    "the child protection plan",
    "the main risk",
    "the child",
    "the home",
    "a parent with parental responsibility",
    "a youth justice service",
    "this",
    "there",
    "you",
    "they",
)
_INSTRUCTIONS = {"describe", "give", "tell", "list", "explain", "upload", "enter", "select", "choose", "add"}


@dataclass(frozen=True)
class FieldName:
    """How messages refer to a field.

    `thing` is what to enter or select, inside a sentence ("the child's first name", "why the child needs a secure
    placement now", "whether there is a current risk of self-harm"); `subject` starts a sentence about the answer
    ("The child's first name", "Your answer about why the child needs ..."); `instruction` is the label itself when
    it is already an instruction ("Describe the risk of self-harm"), used as the message for a missing answer.
    """

    thing: str
    subject: str
    instruction: str = ""
    whether: bool = False

    def required(self, verb: str, *, yes_no: bool = False) -> str:
        """The message for a missing answer: the instruction, or "Enter ..." / "Select ..." and the thing (a yes or
        no question: "Select yes if ...")."""
        if self.instruction:
            return self.instruction
        if yes_no and self.whether:
            return f"Select yes if {self.thing.removeprefix('whether ')}"
        return f"{verb} {self.thing}"


_NAMES = {"Secretary", "High", "Ofsted", "England", "Wales", "Welsh", "English", "Children's", "Court"}


def sentence_case(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or a name ("NHS number", "GP",
    "Secretary of State")."""
    first = text.split(" ", 1)[0]
    if (len(first) > 1 and any(c.isupper() for c in first[1:])) or first in _NAMES:
        return text
    return text[:1].lower() + text[1:]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _third_person(verb: str) -> str:
    if verb == "have":
        return "has"
    if verb.endswith(("s", "sh", "ch", "x", "o")):
        return f"{verb}es"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return f"{verb[:-1]}ies"
    return f"{verb}s"


def _past(verb: str) -> str:
    irregular = {"go": "went", "begin": "began", "leave": "left", "make": "made", "take": "took", "have": "had"}
    if verb in irregular:
        return irregular[verb]
    return f"{verb}d" if verb.endswith("e") else f"{verb}ed"


def _subject_at(words: list[str], start: int) -> int:
    """How many words from `start` make a subject the clause can move in front of the verb (0: none)."""
    rest = " ".join(words[start:]).lower()
    for subject in _SUBJECTS:
        if rest == subject or rest.startswith(f"{subject} ") or rest.startswith(f"{subject}'s "):
            count = len(subject.split())
            if rest.startswith(f"{subject}'s "):
                return 0  # "the child's GP": a possessive, not the subject of the verb
            return count
    return 0


def _indirect(question: str) -> tuple[str, bool] | None:
    """A question as an indirect clause ("whether the child takes any medication"), and whether it is a
    yes-or-no question; None when the words cannot be put in order with confidence."""
    words = question.split()
    lead = words[0].lower()
    verb_at = next((i for i, word in enumerate(words) if word.lower() in _AUXILIARIES), None)
    if lead in _AUXILIARIES:
        verb_at, wh = 0, []
    elif lead in _QUESTION_WORDS and verb_at is not None:
        wh = [sentence_case(words[0]), *words[1:verb_at]]
    elif lead in _QUESTION_WORDS:
        return sentence_case(question), False  # "Which of these risks apply to the young person now"
    else:
        return None
    verb = words[verb_at].lower()
    after = verb_at + 1
    size = _subject_at(words, after)
    if not size:
        if not wh:
            return None
        if after < len(words) and words[after].lower() in {"the", "a", "an", "this", "these", "your"}:
            if verb in _COPULAS:  # "When was the most recent incident ...": the verb goes last
                return " ".join([*wh, *words[after:], verb]), False
            return None
        return " ".join([*wh, *words[verb_at:]]), False  # "What else has been tried": the order stays
    subject, rest = words[after : after + size], words[after + size :]
    if verb in {"does", "do", "did"} and rest:
        main = rest[0].lower()
        main = _third_person(main) if verb == "does" else _past(main) if verb == "did" else main
        clause = [*subject, main, *rest[1:]]
    else:
        clause = [*subject, verb, *rest]
    if not wh:
        return " ".join(["whether", *clause]), True
    return " ".join([*wh, *clause]), False


def field_name(label: str, noun: str = "") -> FieldName:
    """The words messages use for a field with this label; `noun` is a noun phrase given by the form instead."""
    text = " ".join(str(label).replace("%", " per cent").split()).rstrip()
    if noun:
        noun = sentence_case(str(noun).replace("%", " per cent"))
        return FieldName(thing=noun, subject=_capitalised(noun))
    if not text.endswith("?"):
        if text.split(" ", 1)[0].lower() in _INSTRUCTIONS:
            return FieldName(thing=sentence_case(text), subject=f"Your answer to \u2018{text}\u2019", instruction=text)
        noun = sentence_case(text)
        if not noun.lower().startswith(("the ", "a ", "an ", "your ")):
            noun = f"the {noun}"
        return FieldName(thing=noun, subject=_capitalised(noun))
    question = text[:-1].rstrip()
    copula = re.match(r"^(What|Who) (is|are|was|were) (.+)$", question)
    if copula and not _subject_at(copula.group(3).split(), 0):
        noun = copula.group(3)
        return FieldName(thing=noun, subject=_capitalised(noun))
    indirect = _indirect(question)
    if indirect is None:
        quoted = f"\u2018{text}\u2019"
        return FieldName(thing=f"an answer to {quoted}", subject=f"Your answer to {quoted}")
    clause, whether = indirect
    return FieldName(thing=clause, subject=f"Your answer about {clause}", whether=whether)


def date_name(name: FieldName) -> FieldName:
    """A date's name as a noun: "when the hearing is" becomes "the date of the hearing"."""
    if not name.thing.startswith("when "):
        return name
    rest = name.thing[len("when ") :]
    for verb in (" is", " was", " are", " were"):
        if rest.endswith(verb):
            noun = rest[: -len(verb)]
            thing = noun if noun.endswith(" date") else f"the date of {noun}"
            return FieldName(thing=thing, subject=_capitalised(thing))
    thing = f"the date {rest}"
    return FieldName(thing=thing, subject=_capitalised(thing))


def thousands(number: int) -> str:
    return f"{number:,}"
