"""ui/messages.py: the words an error message uses for a field, from its label."""

import pytest

from ui.messages import date_name, field_name


class TestFieldName:
    """Noun phrases, instructions and questions each give a message that reads as a sentence."""

    @pytest.mark.parametrize(
        ("label", "verb", "message"),
        [
            ("First name", "Enter", "Enter the first name"),
            ("NHS number", "Enter", "Enter the NHS number"),
            ("Secretary of State approval reference", "Enter", "Enter the Secretary of State approval reference"),
            ("Describe the risk of self-harm", "Enter", "Describe the risk of self-harm"),
            ("What is the child's sex?", "Select", "Select the child's sex"),
            ("Who is the child's GP?", "Enter", "Enter the child's GP"),
            (
                "Why does the child need a secure placement now?",
                "Enter",
                "Enter why the child needs a secure placement now",
            ),
            ("Where is the child currently educated?", "Enter", "Enter where the child is currently educated"),
            ("Which law is the application made under?", "Select", "Select which law the application is made under"),
            (
                "How long do you expect the child to need a secure placement?",
                "Select",
                "Select how long you expect the child to need a secure placement",
            ),
            (
                "What else has been tried or considered to keep the child safe?",
                "Enter",
                "Enter what else has been tried or considered to keep the child safe",
            ),
            (
                "Is there a current or historic risk of self-harm?",
                "Select",
                "Select whether there is a current or historic risk of self-harm",
            ),
            (
                "Is the main risk to the child themselves, to other people, or both?",
                "Select",
                "Select whether the main risk is to the child themselves, to other people, or both",
            ),
        ],
    )
    def test_the_missing_answer_message(self, label: str, verb: str, message: str) -> None:
        """What to do, and what about."""
        assert field_name(label).required(verb) == message

    def test_a_yes_or_no_question_says_select_yes_if(self) -> None:
        """GOV.UK's pattern for a yes/no question."""
        name = field_name("Does the child take any medication?")
        assert name.required("Select", yes_no=True) == "Select yes if the child takes any medication"
        assert (
            field_name("Did the placement end?").required("Select", yes_no=True) == "Select yes if the placement ended"
        )

    def test_a_question_that_cannot_be_turned_round_is_quoted(self) -> None:
        """Rather than a wrong sentence, the label itself in quotes."""
        name = field_name("Has the boy's uncle agreed?")
        assert name.required("Select") == "Select an answer to \u2018Has the boy's uncle agreed?\u2019"
        assert name.subject == "Your answer to \u2018Has the boy's uncle agreed?\u2019"

    def test_a_given_noun_phrase_is_used(self) -> None:
        """The form's error_name wins over the label."""
        name = field_name("First name", "the child's first name")
        assert (name.required("Enter"), name.subject) == ("Enter the child's first name", "The child's first name")

    @pytest.mark.parametrize(
        ("label", "thing"),
        [
            ("When is the hearing?", "the date of the hearing"),
            ("When did the current placement start?", "the date the current placement started"),
            ("When does the deprivation of liberty order end?", "the date the deprivation of liberty order ends"),
            ("What is the child's date of birth?", "the child's date of birth"),
            ("When is the next criminal court date?", "the next criminal court date"),
        ],
    )
    def test_a_date_is_named_as_a_date(self, label: str, thing: str) -> None:
        """'When ...?' becomes 'the date ...'."""
        assert date_name(field_name(label)).thing == thing
