"""A menu or a café's price board: its dishes are named like people and name no one.

`Bloody Mary`, `Eggs Benedict`, `Steak Diane`, `Shirley Temple`, `Peach Melba`: a dish's name is as
name-shaped as a patient's, and the row rule (`phi._priced_lines`, a price on the dish's row) fails
whenever the OCR reads the price column apart or misreads the dish (`Bldy Mary`). What no patient
list, invoice or call list has is the kitchen's vocabulary on many of its lines: courses, cooking words
and ingredients (`served warm`, `hollandaise, english muffin`, `with fries or salad`).

So a page is a menu when at least `FOOD_LINES` of its lines, and one line in `FOOD_SHARE`, hold such
a word, and it prints prices: on it, a name no label, title or occasion vouches for is a dish. A
labelled name (`Chef: Ana Ruiz`, `Server: Dev`) is still a person. A hospital's meal-order list names
its patients beside their diets but prints no prices, so it is no menu here (fail closed); neither
is a stop-47 trial's page with five prices and no food (an invoice, a call list, a graph), whose true
names the price count alone took for dishes.
"""

from __future__ import annotations

import re

from .model import TextLine
from .recognizers.base import normalize

FOOD_LINES = 4  # lines holding a food word
FOOD_SHARE = 0.2  # of the page's lines with letters
MENU_PRICES = 3  # prices on the page, alone or at a line's end

# Courses, cooking words and common ingredients, in English and the languages `language` reads
# (German, French, Italian, Spanish, Portuguese). Words that are also names or ordinary page words
# (`Olive`, `Rose`, `Basil`, `Ginger`, `Sage`, `Mint`, `Special`, `House`, `Fresh`) are left out.
_FOOD = (
    # courses and headings
    r"starters?|appeti[sz]ers?|mains|entr[\u00e9e]es?|desserts?|sweets|sides|drinks|beverages|cocktails|mocktails"
    r"|wines?|beers?|brunch|breakfast|lunch|dinner|soups?|salads?|sandwich(?:es)?|burgers?|pizzas?|pastas?|snacks"
    r"|menu|vorspeisen|hauptgerichte|nachspeisen|nachtisch|getr\u00e4nke|plats|boissons|antipasti|primi|secondi"
    r"|dolci|bevande|entrantes|postres|bebidas|sobremesas"
    # cooking
    r"|grilled|fried|roasted|roast|baked|braised|smoked|steamed|saut[\u00e9e]ed|poached|glazed|toasted|stuffed"
    r"|marinated|battered|breaded|served|topped|drizzled|homemade|house-?made|crispy|seasonal"
    # ingredients and dishes' kinds
    r"|chicken|beef|pork|lamb|veal|duck|turkey|salmon|tuna|cod|shrimps?|prawns?|lobster|crab|mussels|calamari"
    r"|eggs?|cheese|parmesan|mozzarella|cheddar|feta|ricotta|tomato(?:es)?|potato(?:es)?|fries|rice|noodles"
    r"|bread|muffins?|bacon|ham|sausages?|mushrooms?|onions?|garlic|spinach|greens|lettuce|avocado|beans|lentils"
    r"|chickpeas|tofu|sauce|gravy|dressing|butter|cream|chocolate|vanilla|caramel|honey|lemon|berr(?:y|ies)"
    r"|strawberr(?:y|ies)|coffee|tea|espresso|latte|cappuccino|juice|soda|lemonade|cider|whisk(?:e)?y|vodka|rum"
    r"|tequila|pie|cake|tart|pudding|gelato|sorbet|spaghetti|lasagne|lasagna|risotto|curry|steak|wraps?|tacos?"
    r"|burritos?|hollandaise|aioli|pesto|vinaigrette|mayo(?:nnaise)?|syrup|pancakes?|waffles?|omelett?e"
    r"|suppe|salat|brot|kartoffeln|schnitzel|wurst|k\u00e4se|kaffee|bier|kuchen|poulet|boeuf|b\u0153uf|porc"
    r"|fromage|frites|pollo|manzo|formaggio|vino|carne|queso|cerveza|frango|queijo|cerveja"
)
_FOOD_WORD = re.compile(rf"(?i)(?<![^\W\d_])(?:{_FOOD})(?![^\W\d_])")
# A price at a line's end (`Eggs Benedict  14.19`, `€ 8,50`, `12.00 A`: a till's tax class after it); the row
# rule (`phi._priced_lines`) reads prices with this too.
PRICE_AT_END = re.compile(r"(?:^|\s)[$\u20ac\u00a3]?\d{1,5}[.,]\d{2}(?:\s*[A-Z$\u20ac\u00a3])?\s*$")


def menu_page(lines: list[TextLine]) -> bool:
    """Is the photo a menu or a price board (see the module)?"""
    texts = [normalize(ln.text) for ln in lines]
    worded = [t for t in texts if re.search(r"[^\W\d_]{2}", t)]
    food = sum(bool(_FOOD_WORD.search(t)) for t in worded)
    prices = sum(bool(PRICE_AT_END.search(t)) for t in texts)
    return food >= FOOD_LINES and food >= FOOD_SHARE * len(worded) and prices >= MENU_PRICES
