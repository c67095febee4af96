"""English names of months, Torah portions and holidays, as American Jewish
papers and Hebcal spell them (pyluach spells them the Ashkenazi way:
"Teves", "Bereishis", "Succos")."""

from __future__ import annotations

# pyluach month number (Nisan = 1 … Adar II = 13) -> name; Adar of a common
# year is month 12.
MONTHS = {
    1: "Nisan",
    2: "Iyar",
    3: "Sivan",
    4: "Tammuz",
    5: "Av",
    6: "Elul",
    7: "Tishrei",
    8: "Cheshvan",
    9: "Kislev",
    10: "Tevet",
    11: "Shevat",
    12: "Adar",
    13: "Adar II",
}
# In a leap year month 12 is Adar I.
LEAP_ADAR = "Adar I"

# pyluach's parsha numbers (0 = Bereishis … 53 = Vezos Haberachah) -> name.
PARSHIYOT = (
    "Bereshit",
    "Noach",
    "Lech-Lecha",
    "Vayera",
    "Chayei Sara",
    "Toldot",
    "Vayetzei",
    "Vayishlach",
    "Vayeshev",
    "Miketz",
    "Vayigash",
    "Vayechi",
    "Shemot",
    "Vaera",
    "Bo",
    "Beshalach",
    "Yitro",
    "Mishpatim",
    "Terumah",
    "Tetzaveh",
    "Ki Tisa",
    "Vayakhel",
    "Pekudei",
    "Vayikra",
    "Tzav",
    "Shmini",
    "Tazria",
    "Metzora",
    "Achrei Mot",
    "Kedoshim",
    "Emor",
    "Behar",
    "Bechukotai",
    "Bamidbar",
    "Nasso",
    "Beha'alotcha",
    "Sh'lach",
    "Korach",
    "Chukat",
    "Balak",
    "Pinchas",
    "Matot",
    "Masei",
    "Devarim",
    "Vaetchanan",
    "Eikev",
    "Re'eh",
    "Shoftim",
    "Ki Teitzei",
    "Ki Tavo",
    "Nitzavim",
    "Vayeilech",
    "Ha'azinu",
    "Vezot Haberakhah",
)

# pyluach's holiday and fast names -> ours.
HOLIDAYS = {
    "Rosh Hashana": "Rosh Hashanah",
    "Tzom Gedalia": "Tzom Gedaliah",
    "Yom Kippur": "Yom Kippur",
    "Succos": "Sukkot",
    "Shmini Atzeres": "Shemini Atzeret",
    "Simchas Torah": "Simchat Torah",
    "Chanuka": "Hanukkah",
    "10 of Teves": "Asara B'Tevet",
    "Tu B'shvat": "Tu BiShvat",
    "Purim Katan": "Purim Katan",
    "Taanis Esther": "Ta'anit Esther",
    "Purim": "Purim",
    "Shushan Purim": "Shushan Purim",
    "Pesach": "Passover",
    "Pesach Sheni": "Pesach Sheni",
    "Lag Ba'omer": "Lag BaOmer",
    "Shavuos": "Shavuot",
    "17 of Tamuz": "Tzom Tammuz",
    "9 of Av": "Tisha B'Av",
    "Tu B'av": "Tu B'Av",
}


def holiday_name(pyluach_name: str) -> str:
    """Our spelling of a pyluach holiday name (unknown names as given)."""
    return HOLIDAYS.get(pyluach_name, pyluach_name)
