"""Small word lists used by the confidentiality guard: common UK given names and titles."""

FIRST_NAMES = frozenset(
    """
    Aaron Abdul Abigail Adam Adrian Ahmed Aisha Alan Albert Alex Alexander Alexandra Alfie Ali
    Alice Alison Amanda Amber Amelia Amir Amy Andrea Andrew Angela Ann Anna Anne Annie Anthony
    Archie Arthur Ashley Ava Barbara Barry Beatrice Ben Benjamin Bernard Beryl Beth Betty Bill
    Billy Bob Brenda Brian Bridget Bronwen Callum Cameron Carl Carol Caroline Catherine Charles
    Charlie Charlotte Chloe Chris Christine Christopher Claire Colin Connor Craig Daisy Dale
    Daniel Danny Darren Dave David Dawn Dean Debbie Deborah Dennis Derek Diana Diane Donna
    Dorothy Doris Dylan Edith Edward Eileen Eleanor Elizabeth Ella Ellie Elsie Emily Emma Eric
    Ethan Eve Evelyn Fatima Florence Frank Freddie Frederick Freya Gareth Gary Gavin Geoffrey
    George Georgia Gemma Gerald Gillian Gladys Glenys Gordon Grace Graham Gwen Gwyneth Hannah
    Harold Harriet Harry Harvey Hayley Heather Helen Henry Hilda Holly Hugh Iain Ian Imran Irene
    Isaac Isabel Isabella Isla Ivy Jack Jackie Jacob Jake James Jamie Jan Jane Janet Janice
    Jason Jayden Jean Jeff Jennifer Jenny Jessica Jill Jim Jimmy Joan Joanne Joe Joel John
    Jonathan Joseph Joshua Joyce Judith Julia Julie Justin Karen Kate Katherine Kathleen Katie
    Kay Keith Kelly Kenneth Kevin Kieran Kim Kirsty Laura Lauren Layla Leah Lee Leo Leon Lesley
    Leslie Lewis Liam Lily Linda Lindsay Lisa Logan Louise Lucy Luke Lynn Lynne Maisie Malcolm
    Mandy Margaret Maria Marie Marion Mark Martin Mary Matthew Maureen Max Megan Melanie Mia
    Michael Michelle Mike Millie Mohammed Mohammad Muhammad Molly Nathan Neil Nicholas Nicola
    Nigel Noah Norman Olivia Oliver Ollie Owen Pamela Patricia Patrick Paul Pauline Peggy
    Penelope Peter Philip Phoebe Phyllis Poppy Priya Rachel Raj Ralph Raymond Rebecca Reece
    Rhian Rhys Richard Rita Robert Robin Rose Rosie Ross Ruby Ruth Ryan Sally Sam Samantha
    Samuel Sandra Sara Sarah Scarlett Scott Sean Shane Sharon Sheila Shirley Sian Simon Sophie
    Sophia Stacey Stanley Stephen Steve Steven Stuart Sue Susan Suzanne Sylvia Tanya Teresa
    Terry Thomas Tim Timothy Tom Tony Tracey Tracy Trevor Valerie Vera Victoria Vincent Violet
    Wayne Wendy William Yasmin Yvonne Zara Zoe Zain Dafydd Eleri Ffion Gethin Huw Iwan Llinos
    Nia Siân Tomos Cerys Elin Mared Osian Seren Aled Catrin Carys Delyth
    """.split()
)

# Titles that usually precede a member of the public (potential patient).
PERSON_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Master")

# Titles / roles that precede a member of staff.
STAFF_TITLES = (
    "Dr",
    "Doctor",
    "Nurse",
    "Sister",
    "Matron",
    "Prof",
    "Professor",
    "Midwife",
    "Consultant",
    "Surgeon",
    "Paramedic",
    "Sgt",
    "Staff",
)

# Capitalised words that are not names of people.
NOT_NAMES = frozenset(
    """
    NHS Trust Hospital Ward Bay Bed Unit Royal General Infirmary Centre Center Clinic Health
    Care Foundation University Community Mental Maternity Children Emergency Department A&E
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Christmas Easter Mother Father
    England Wales Scotland Ireland London Leeds Manchester Birmingham Cardiff Swansea Bristol
    The This That These Those Our Your My His Her Their Get Well Soon Thank Thanks Happy
    Please Today Tomorrow Yesterday Team Staff Patient Patients PALS GP ICU ITU HDU CCU AMU
    Covid COVID Flu Day Week Month Year Good Great Huge Big Lovely Wishing Best Love Dear Hi
    Hello Welcome Congratulations Well Done Kudos Shout Out Street Road Lane Avenue Park
    """.split()
)
