"""The people in a chat screenshot (issue 22): speakers, members and who is typing are masked on a
chat; a departure board, an appointment list and a menu, which also pair words with times or prices,
are no chat."""

from __future__ import annotations

from fakes import line as boxed

from imgscreen.chat import chat_names
from imgscreen.phi import classify
from imgscreen.policy import Policy
from tests.test_phi import make_line

SPEECH = [("Global_Perception", "13:55", "did anyone see the new wing today"),
          ("rid", "13:56", "Winston Churchill"),
          ("the_anarchist", "14:00", "rid: what did the speaker say at the end"),
          ("kompowiec2", "14:02", "see you all at the party on friday")]


def chat(extra: list = ()) -> list:  # type: ignore[assignment]
    lines = []
    for k, (who, when, said) in enumerate(SPEECH):
        y = 80 * k
        lines += [make_line(who, x=60, y=y), make_line(when, x=900, y=y), make_line(said, x=60, y=y + 26)]
    return lines + list(extra)


def names(lines) -> set[str]:  # type: ignore[no-untyped-def]
    return {lines[i].text[a:b] for i, a, b in chat_names(lines)}


def test_a_chats_speakers_members_and_typist_are_names():
    members = [make_line("Users:", x=1000, y=0), make_line("Mozg", x=1040, y=40), make_line("SailorMoon", x=1040, y=80),
               make_line("okok is typing...", x=60, y=340)]
    found = names(chat(members))
    assert {"Global_Perception", "rid", "the_anarchist", "kompowiec2", "Mozg", "SailorMoon", "okok"} <= found, found
    masked = {f.text: f.source.entity for f in classify(chat(members), Policy())}
    assert masked.get("kompowiec2") == "CHAT_NAME" and "13:55" not in masked


def test_a_departure_board_an_appointment_list_and_a_menu_are_no_chat():
    board = [make_line(stop, x=60, y=40 * k) for k, stop in enumerate(("Marienplatz", "Sendlinger Tor", "Goetheplatz",
                                                                        "Poccistrasse"))]
    board += [make_line(f"13:5{k}", x=700, y=40 * k) for k in range(4)]
    assert chat_names(board) == []
    visits = []
    for k, (pet, when) in enumerate((("Pikachu", "10:30"), ("Bella", "11:00"), ("Max", "11:30"))):
        visits += [make_line(pet, x=60, y=80 * k), make_line(when, x=700, y=80 * k),
                   make_line("Regular Checkup", x=60, y=80 * k + 26)]
    assert chat_names(visits) == []
    menu = []
    for k, (dish, price) in enumerate((("Bruschetta", "8.95"), ("Caprese Salad", "9.50"), ("Tiramisu", "6.95"))):
        menu += [make_line(dish, x=60, y=80 * k), make_line(price, x=700, y=80 * k),
                 make_line("tomatoes basil and olive oil on toast", x=60, y=80 * k + 26)]
    assert chat_names(menu) == []


def test_two_speakers_are_no_chat():
    assert chat_names(chat()[:6]) == []


def test_a_chats_nicknames_are_masked_again_where_they_join_and_follow():
    extra = [make_line("Global_Perception joined the room", x=60, y=330),
             make_line("rid", x=60, y=370),
             make_line("kompowiec2, rid and Mozg are following the conversation", x=60, y=410)]
    found = names(chat(extra))
    assert {"kompowiec2, rid and Mozg"} <= found, found
    masked = {(f.source.line, f.text) for f in classify(chat(extra), Policy())}
    assert (len(SPEECH) * 3, "Global_Perception") in masked and (len(SPEECH) * 3 + 1, "rid") in masked, masked
    assert not any("joined" in text for _, text in masked)


def test_a_chat_list_with_message_ages_names_its_people_but_a_notification_list_does_not():
    rows = (("Alice", "56 min", "wrt the meeting: to be honest with you"), ("FunBreaker", "Now",
            "hi, I got balloons for the party"), ("Rose", "21 min", "Rose scored 9748 in the game today"))
    lines = []
    for k, (who, age, said) in enumerate(rows):
        lines += [make_line(who, x=60, y=80 * k), make_line(age, x=900, y=80 * k), make_line(said, x=60, y=80 * k + 26)]
    assert {"Alice", "FunBreaker", "Rose"} <= names(lines)
    alerts = []
    for k, (what, age, said) in enumerate((("CRITICAL", "Just now", "Blood pressure above the set limit today"),
                                           ("Medications", "2 h", "Two doses are due in the next hour"),
                                           ("ROUTINE", "5 min", "Weight recorded for the morning round"))):
        alerts += [make_line(what, x=60, y=80 * k), make_line(age, x=900, y=80 * k),
                   make_line(said, x=60, y=80 * k + 26)]
    assert chat_names(alerts) == []


def test_a_forums_comments_with_score_and_compact_age_name_their_posters():
    """Lemmy's or Reddit's comment thread: the poster on a line of their own, `3 · 7h` (score and age) at the
    row's right, the comment below. The ages are compact (`7h`, `33m`, `2d`, `1w`)."""
    rows = (("Woedenaz", "3 · 7h", "The one feature I desperately want is a clear seen posts button"),
            ("jackwebs", "1·33m", "Second this. It would be nice to have a way to hide posts"),
            ("nutomic", "903·1w·(1w)", "This site is currently struggling to handle the new users"))
    lines = []
    for k, (who, age, said) in enumerate(rows):
        lines += [make_line(who, x=60, y=80 * k), make_line(age, x=900, y=80 * k), make_line(said, x=60, y=80 * k + 26)]
    assert {"Woedenaz", "jackwebs", "nutomic"} <= names(lines)
    stock = []  # a list of shares with their change beside them is no thread: `AAPL  3.7h` does not read so
    for k, (sym, val) in enumerate((("AAPL", "3.2%"), ("MSFT", "1.1%"), ("GOOG", "0.4%"))):
        stock += [make_line(sym, x=60, y=80 * k), make_line(val, x=900, y=80 * k),
                  make_line("Shares traded on the exchange today", x=60, y=80 * k + 26)]
    assert chat_names(stock) == []


def test_a_threads_byline_read_as_one_line_with_its_age_or_votes_names_its_poster():
    """A Hacker News reader's `xadhominemx 20 mins` and a Lemmy client's `MermaidsGarden ↑41 ↓1`: the OCR read the
    poster and the post's age (or its votes) as one line, the comment below it."""
    rows = (("xadhominemx 20 mins", "Nordic is a very high volume supplier of chips"),
            ("ahartmetz 15 mins \u2022 > is getting crushed by a wave", "For those who are not in the know here"),
            ("MermaidsGarden \u219141 \u21931", "I tell my cat she is the center of the universe"))
    lines = []
    for k, (byline, said) in enumerate(rows):
        lines += [make_line(byline, x=60, y=80 * k), make_line(said, x=60, y=80 * k + 26)]
    assert names(lines) == {"xadhominemx", "ahartmetz", "MermaidsGarden"}
    # a news list's `Updates 20 mins` over a headline names no one: `Updates` is a word
    news = []
    for k, (byline, said) in enumerate((("Updates 20 mins", "New release of the library is out now"),
                                        ("Weather 15 mins", "Rain expected across the region tonight"),
                                        ("Traffic 3 mins", "Delays on the ring road after a crash"))):
        news += [make_line(byline, x=60, y=80 * k), make_line(said, x=60, y=80 * k + 26)]
    assert chat_names(news) == []


def test_an_irc_channels_user_list_without_a_heading_names_its_users():
    """jsIRC: `[23:31] * Topic is ...` log rows, and at the right a column of nicknames with no `Users` heading. Six
    or more one-word lines at one left edge, most of them no English word, are the channel's users. A settings
    page's column of words (no log rows, ordinary words) is not."""
    log = [make_line("[23:31] * Topic is BFA out tonight, get ready", x=60, y=0),
           make_line("[23:31] -Q- [#wow] Welcome to #wow, read the topic", x=60, y=40)]
    nicks = ["Athan", "Carnivore", "kullervo", "macnoos", "Murkeli", "Smoochie", "Ekips"]
    column = [make_line(n, x=900, y=30 * k) for k, n in enumerate(nicks)]
    assert set(nicks) <= names(log + column)
    words = ("General", "Display", "Sound", "Privacy", "Network", "Account", "About")
    settings = [make_line(w, x=900, y=30 * k) for k, w in enumerate(words)]
    assert chat_names(log + settings) == []
    assert chat_names(column) == []  # no log rows: a column of words alone is no channel


def _terminal(rows) -> list:  # type: ignore[no-untyped-def]
    """A terminal chat client's rows: the time, the speaker right-aligned before a bar, the message."""
    lines = []
    for k, (when, who, said) in enumerate(rows):
        y = 20 * k
        lines += [make_line(when, x=240, y=y), make_line(who, x=460 - 10 * len(who), y=y),
                  make_line(said, x=480, y=y)]
    return lines


def test_a_terminal_chats_rows_of_time_speaker_and_message_name_their_speakers():
    rows = [("21:56:30", "Nico", "Of course you are replying to me"),
            ("21:56:47", "tulir[mz]", "it was the closest one"),
            ("21:57:23", "Nico", "In reply to tulir what did you say"),
            ("22:02:31", "tulir", "I don't think that helps me")]
    # the room list at the left shares the rows but is no speaker
    rooms = [make_line("Synapse Admins", x=0, y=20), make_line("Matrix HQ", x=0, y=40)]
    found = names(_terminal(rows) + rooms)
    assert {"Nico", "tulir[mz]", "tulir"} <= found and not {"Synapse Admins", "Matrix HQ"} & found, found


def test_an_agendas_rows_of_time_status_and_note_are_no_chat():
    rows = [("08:00", "Reserviert", "Labor vor der Konsultation am Morgen"),
            ("08:30", "fertig", "Erstkonsultation mit Befund"),
            ("09:15", "Normal", "Kontrolle nach der Operation heute"),
            ("09:30", "Signed", "Follow up on the lab results")]
    assert chat_names(_terminal(rows)) == []


def test_a_member_list_ends_at_the_next_sidebar_section():
    sidebar = [make_line("People 345", x=0, y=400), make_line("Rooms 315", x=0, y=420),
               make_line("Synapse Admins", x=0, y=440), make_line("Telethon Chat", x=0, y=460)]
    found = names(chat(sidebar))
    assert "Global_Perception" in found and not {"Synapse Admins", "Telethon Chat"} & found, found


def terminal(rows: list[tuple[str, str]]) -> list:
    """A terminal client's rows: the time in its own column, the speaker glued to the message after it."""
    lines = []
    for k, (when, said) in enumerate(rows):
        lines += [make_line(when, x=230, y=40 * k), make_line(said, x=310, y=40 * k)]
    return lines


def test_a_terminal_chats_speakers_glued_to_their_messages_are_names():
    lines = terminal([("18:09", "boxdot: Is the history kept on disk?"),
                      ("18:10", "krstn: I just dump it into a json file"),
                      ("18 : 12", "krstn: and then it is a matter of storing the key"),
                      ("18:13", "boxdot: Is it file based?")])
    lines.append(make_line("18:14 boxdot: I guess it is just AES", x=230, y=160))
    assert names(lines) >= {"boxdot", "krstn"}
    masked = {f.text.strip() for f in classify(lines, Policy())}
    assert {"boxdot", "krstn"} <= masked and not {"18:09", "18:10"} & masked  # a time of day alone is no date


def test_a_logs_labelled_rows_are_no_terminal_chat():
    log = terminal([("10:01", "Error: disk full on /var"), ("10:02", "Warning: retrying the upload"),
                    ("10:03", "Error: upload failed again"), ("10:04", "Warning: giving up for now")])
    assert chat_names(log) == []
    untimed = [make_line(said, x=60, y=40 * k) for k, said in enumerate(("Mozg: hello there", "Mozg: anyone here",
                                                                        "rid: yes I am here", "rid: hi"))]
    assert chat_names(untimed) == []  # no time beside the rows: a quote, a script, a transcript of no one


def test_a_transcript_without_times_names_its_given_name_speakers():
    """`Olivia: ramen is ...`, `Noah: facts ...`: a terminal chat demo prints no times; given names that are no
    English word, two of them or more, one speaking twice, are its speakers."""
    said = ("Olivia: ramen is like vikings probably used to", "Noah: facts math teachers ever think about",
            "Emma: we just emotional support stick", "Noah: bro one washed cotton candy trauma")
    lines = [make_line(t, x=60, y=40 * k) for k, t in enumerate(said)]
    assert names(lines) == {"Olivia", "Noah", "Emma"}
    # a form's labels, and given names that are English words, are no transcript
    form = [make_line(t, x=60, y=40 * k) for k, t in enumerate(
        ("Note: bring the forms", "Will: to be signed", "Grace: period of ten days", "Will: witnessed twice"))]
    assert chat_names(form) == []


def test_an_irc_logs_speakers_in_angle_brackets():
    """An e-paper terminal photographed showing an IRC log: `22:45 < kigelson> so why this thing no work well`. The
    nickname in angle brackets after the time is the speaker; a line of HTML (`<div>`) has no time before it."""
    log = [boxed("22:45 < kigelson> so why this thing no work well", 308, 262, 746, 39),
           boxed("22:45 < kigelson> is all bug", 306, 292, 439, 42),
           boxed("<div> hello </div>", 306, 340, 300, 40)]
    assert [(i, log[i].text[a:b]) for i, a, b in chat_names(log)] == [(0, "kigelson"), (1, "kigelson")]
