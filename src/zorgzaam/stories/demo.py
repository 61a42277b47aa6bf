"""Demo stories (lichtpuntjes): over 300 fictional, realistic Dutch stories across the
villages, the three domains of change and the last six quarters, plus two completed Most
Significant Change rounds.

The stories are composed from parts (a situation, who helped and how, what changed, now and
then a closing line), so they vary like real ones. About one in four also names people:
a volunteer of the demo (a linked person, so the record-aware part of the de-identifier has
work to do), invented neighbours with difficult names ("El Amrani", "van der Heijden"),
street addresses, phone numbers ("+31 6 ...") and e-mail addresses, all fictional. Those
stories go through the real de-identifier (``services.story_deidentify``, one engine for
the whole run) and are then approved as their teller would after reading the result; a
story in which a name, street, phone number or e-mail address would survive is left for
review instead. Without deduce they stay drafts (``zorgzaam stories process-drafts``).
The other stories are written without personal data and stored as approved directly.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from .models import Audience, Domain, Helper, Level, Message, Round, Selection, Story
from .periods import period_recent
from .selectors import domains_for

log = logging.getLogger(__name__)

STORY_COUNT = 330
PERSONAL_SHARE = 0.27
QUARTERS = 6
# Share of the stories per quarter, oldest first: more lights every quarter; the current
# quarter is still under way.
QUARTER_WEIGHTS = [0.09, 0.12, 0.15, 0.19, 0.24, 0.21]

SCENARIOS = [
    (
        "kwaliteit-van-leven",
        ["Weer naar de markt", "Donderdag is marktdag", "Eruit"],
        [
            "Sinds mijn heupoperatie kwam ik de deur bijna niet meer uit.",
            "Na het overlijden van mijn vrouw zat ik hele dagen binnen.",
            "Ik kan sinds vorig jaar niet meer autorijden en de bus komt hier twee keer per dag.",
        ],
        [
            (
                "{Wie} rijdt me nu elke donderdag naar de markt in {dorp}.",
                ["informal"],
                "een buurman",
                "vrijwilliger",
            ),
            (
                "Via de burenhulp haalt {wie} me op voor de boodschappen.",
                ["informal"],
                "iemand uit de straat",
                "vrijwilliger",
            ),
            (
                "De coördinator van het Huis van Alles regelde dat {wie} met me meegaat.",
                ["welfare", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
        ],
        [
            "Ik zie weer mensen en dat merk je aan alles.",
            "Ik maak weer een praatje bij de kaasboer en weet wat er in het dorp speelt.",
            "Mijn dochter zegt dat ik weer praat als vroeger.",
        ],
    ),
    (
        "kwaliteit-van-leven",
        ["Een warme maaltijd", "Samen aan tafel", "Niet meer alleen eten"],
        [
            "Ik woon alleen sinds vorig jaar en kookte eigenlijk niet meer voor mezelf.",
            "Koken lukt niet meer sinds mijn beroerte; ik at vaak alleen een boterham.",
            "Met mijn kleine pensioen was een goede maaltijd er niet elke dag bij.",
        ],
        [
            (
                "Bij Samen eten in het Huis van Alles in {dorp} schuif ik nu twee keer per week "
                "aan.",
                ["welfare", "informal"],
                "",
                "",
            ),
            (
                "{Wie} nam me mee naar de maaltijd in de dorpskamer.",
                ["informal"],
                "een buurvrouw",
                "buurtgenoot",
            ),
            (
                "De wijkverpleegkundige wees me op de eettafel van de kerk, waar {wie} kookt.",
                ["formal", "informal"],
                "een groep vrijwilligers",
                "vrijwilliger",
            ),
        ],
        [
            "Het is het lichtpunt van mijn week geworden.",
            "Ik kook nu zelf soms mee en heb er nieuwe kennissen aan overgehouden.",
            "Ik ben drie kilo aangekomen en dat was precies de bedoeling.",
        ],
    ),
    (
        "kwaliteit-van-leven",
        ["Rust in huis", "Geen stapel brieven meer", "Weer overzicht"],
        [
            "Er lag een stapel ongeopende brieven op tafel en ik durfde ze niet open te maken.",
            "Na mijn scheiding liep de administratie helemaal uit de hand.",
            "We hadden betalingsachterstanden bij de energie en de zorgverzekering.",
        ],
        [
            (
                "Het sociaal team hielp met een betalingsregeling en {wie} helpt nu elke week met "
                "de post.",
                ["formal", "informal"],
                "een maatje",
                "maatje",
            ),
            (
                "{Wie} van de thuisadministratie komt om de week langs.",
                ["welfare", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
            (
                "Een consulent van het sociaal team en {wie} zochten samen alles uit.",
                ["formal", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
        ],
        [
            "Ik slaap weer door en de brieven maak ik nu zelf open.",
            "De schulden lopen af en ik weet weer wat er binnenkomt en wat eruit gaat.",
            "Ik schaam me niet meer om de deur open te doen als de post komt.",
        ],
    ),
    (
        "kwaliteit-van-leven",
        ["Tuin weer op orde", "Weer buiten zitten", "De heg is weg"],
        [
            "Mijn tuin was een wildernis geworden sinds mijn knieën niet meer willen.",
            "De heg groeide over het pad en ik kon de vuilnisbak niet meer naar de straat brengen.",
            "Na een val in de tuin durfde ik er niet meer in.",
        ],
        [
            (
                "{Wie} heeft de tuin in één zaterdag opgeknapt.",
                ["informal"],
                "een groep jongeren uit {dorp}",
                "vrijwilliger",
            ),
            (
                "Via de klussendienst kwam {wie} met een snoeischaar en een aanhanger.",
                ["informal"],
                "een gepensioneerde hovenier",
                "vrijwilliger",
            ),
            (
                "Mijn kleinzoon en {wie} hebben het samen gedaan.",
                ["own", "informal"],
                "een buurjongen",
                "buurtgenoot",
            ),
        ],
        [
            "Nu zit ik er weer elke ochtend met koffie.",
            "Ik heb weer tomaten staan, voor het eerst in jaren.",
            "De buren zwaaien weer als ze langslopen.",
        ],
    ),
    (
        "kwaliteit-van-leven",
        ["Mantelzorg even los", "Een middag voor mezelf", "Adem halen"],
        [
            "Als mantelzorger voor mijn man met dementie had ik nooit meer tijd voor mezelf.",
            "Ik zorg al vier jaar voor mijn moeder en was op.",
            "Onze zoon heeft een ernstige beperking en we kwamen als ouders nergens meer aan toe.",
        ],
        [
            (
                "{Wie} komt nu elke week een middag.",
                ["informal", "welfare"],
                "een vrijwilliger van de respijtzorg",
                "vrijwilliger",
            ),
            (
                "Het steunpunt mantelzorg koppelde ons aan {wie}.",
                ["welfare", "informal"],
                "een maatje",
                "maatje",
            ),
            (
                "De casemanager dementie regelde dagbesteding en {wie} wandelt op zaterdag met "
                "hem.",
                ["formal", "informal"],
                "een buurman",
                "vrijwilliger",
            ),
        ],
        [
            "Dan ga ik zwemmen. Dat houdt me overeind.",
            "Ik heb weer een avond met mijn vriendinnen en ben minder prikkelbaar.",
            "We zijn weer een gezin in plaats van alleen verzorgers.",
        ],
    ),
    (
        "kwaliteit-van-leven",
        ["Licht in de gang", "Niet meer bang om te vallen", "Veilig de trap af"],
        [
            "De lamp in de gang was al maanden kapot en 's avonds zag ik de trap niet.",
            "Ik viel twee keer in huis en durfde niet meer naar boven.",
            "Mijn huis is oud en overal zitten drempels.",
        ],
        [
            (
                "{Wie} heeft in een uur de lampen en een beugel bij de trap gemaakt.",
                ["informal"],
                "een klusvrijwilliger",
                "vrijwilliger",
            ),
            (
                "De ergotherapeut keek mee en {wie} zette de handgrepen vast.",
                ["formal", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
            (
                "Via de woningcorporatie en {wie} zijn de drempels eruit gehaald.",
                ["formal", "informal"],
                "een buurman",
                "buurtgenoot",
            ),
        ],
        [
            "Ik durf 's avonds weer naar beneden zonder bang te zijn.",
            "Ik kan langer thuis blijven wonen, en dat wil ik het allerliefst.",
            "Mijn kinderen maken zich minder zorgen.",
        ],
    ),
    (
        "kwaliteit-van-leven",
        ["Beter met de taal", "Zelf de huisarts bellen", "Nederlands durven"],
        [
            "Ik woon drie jaar in {dorp} en sprak bijna geen Nederlands.",
            "Ik begreep de brieven van school niet en mijn kinderen moesten vertalen.",
            "Bij de huisarts nam ik altijd mijn dochter mee om te tolken.",
        ],
        [
            (
                "Bij het taalcafé in {dorp} oefen ik elke week met {wie}.",
                ["welfare", "informal"],
                "een taalmaatje",
                "taalmaatje",
            ),
            (
                "{Wie} komt elke dinsdag bij ons thuis om te praten en brieven te lezen.",
                ["informal"],
                "een taalmaatje",
                "taalmaatje",
            ),
            (
                "De bibliotheek en {wie} hielpen me met een cursus en oefenen.",
                ["welfare", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
        ],
        [
            "Nu bel ik zelf met de huisarts en hoef ik mijn dochter niet meer mee te nemen.",
            "Ik heb een gesprek met de juf gevoerd zonder tolk.",
            "Ik durf nu bij de bakker een praatje te maken.",
        ],
    ),
    (
        "kwaliteit-van-leven",
        ["Samen wandelen", "Elke dinsdag een rondje", "In beweging"],
        [
            "Na mijn hartinfarct zei de cardioloog dat ik moest bewegen, maar alleen lukte dat "
            "niet.",
            "Ik was na de coronatijd helemaal uit vorm en zat veel voor de televisie.",
            "Door mijn depressie kwam ik 's ochtends mijn bed niet uit.",
        ],
        [
            (
                "De wandelgroep vanuit het Huis van Alles loopt elke dinsdag langs de Wiericke.",
                ["welfare", "own"],
                "",
                "",
            ),
            (
                "{Wie} belt elke ochtend aan om samen een rondje te lopen.",
                ["informal"],
                "een buurvrouw",
                "buurtgenoot",
            ),
            (
                "De praktijkondersteuner verwees me naar de beweeggroep, waar {wie} me opving.",
                ["formal", "welfare"],
                "een begeleider van welzijn",
                "begeleider",
            ),
        ],
        [
            "Mijn conditie is beter en ik heb er vriendinnen aan overgehouden.",
            "Ik loop nu zelf tien kilometer en voel me sterker dan voor het infarct.",
            "De dagen hebben weer een begin.",
        ],
    ),
    (
        "kwaliteit-van-leven",
        ["Digitaal mee", "Videobellen met de kleinkinderen", "DigiD gelukt"],
        [
            "Alles moet tegenwoordig via de telefoon en ik snapte er niets van.",
            "Mijn kleinkinderen wonen in Canada en ik zag ze alleen op foto's.",
            "Zonder DigiD kon ik mijn toeslag niet aanvragen.",
        ],
        [
            (
                "{Wie} van de digitale inloop in {dorp} heeft het me stap voor stap geleerd.",
                ["welfare", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
            (
                "{Wie} kwam drie keer bij me thuis om alles in te stellen.",
                ["informal"],
                "een scholier",
                "vrijwilliger",
            ),
            (
                "Bij de bibliotheek hielp {wie} me met DigiD en de bank-app.",
                ["welfare", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
        ],
        [
            "Elke zondag videobellen we nu; ik zie ze opgroeien.",
            "Ik regel mijn bankzaken zelf en vraag niet meer steeds mijn zoon.",
            "Ik voel me niet meer zo dom als vroeger.",
        ],
    ),
    (
        "meedoen",
        ["Ik ben nu zelf vrijwilliger", "Van bezoeker naar gastvrouw", "Ik hoor er weer bij"],
        [
            "Ik kwam bij de ontmoetingsplek omdat ik eenzaam was.",
            "Na mijn ontslag wist ik niet wat ik met mijn dagen moest.",
            "Ik ben vorig jaar in {dorp} komen wonen en kende niemand.",
        ],
        [
            (
                "{Wie} vroeg of ik wilde helpen met de koffie.",
                ["welfare", "own"],
                "de coördinator van het Huis van Alles",
                "coördinator",
            ),
            (
                "Via de vrijwilligerscentrale kwam ik bij {wie} terecht.",
                ["welfare"],
                "de ontmoetingsochtend",
                "vrijwilliger",
            ),
            (
                "{Wie} nam me mee naar de eerste vergadering van de programmaraad.",
                ["informal"],
                "een buurvrouw",
                "buurtgenoot",
            ),
        ],
        [
            "Nu zet ik er elke woensdag de koffie en ken ik half {dorp}.",
            "Ik zit nu zelf in de programmaraad en denk mee over wat er gebeurt.",
            "Mensen weten me te vinden en ik voel me nodig.",
        ],
    ),
    (
        "meedoen",
        ["Repair café", "Repareren in plaats van weggooien", "Sleutelen met jongeren"],
        [
            "Ik heb veertig jaar als monteur gewerkt en zat na mijn pensioen stil.",
            "Mijn fiets stond al een jaar kapot in de schuur.",
            "Als jongen van vijftien hing ik vooral rond bij de supermarkt.",
        ],
        [
            (
                "Het repair café in {dorp} draait nu elke maand, samen met {wie}.",
                ["informal"],
                "twee jongens van de middelbare school",
                "vrijwilliger",
            ),
            (
                "{Wie} vroeg me om de fietsen te doen bij het repair café.",
                ["informal", "welfare"],
                "de jongerenwerker",
                "jongerenwerker",
            ),
            (
                "Bij het repair café leerde {wie} me solderen.",
                ["informal"],
                "een oud-elektricien",
                "vrijwilliger",
            ),
        ],
        [
            "Zij leren van mij, ik van hen.",
            "Ik repareer nu zelf de fietsen van de buren.",
            "Er gaat minder naar de stort en er wordt meer gelachen.",
        ],
    ),
    (
        "meedoen",
        ["Terug aan het werk", "Een contract", "Weer een collega"],
        [
            "Na jaren thuis zitten met een uitkering had ik weinig hoop meer.",
            "Door mijn burn-out zat ik twee jaar thuis.",
            "Met mijn rugklachten dacht ik dat werken er niet meer in zat.",
        ],
        [
            (
                "Via een werkervaringsplek in de kantine van de sportclub ben ik begonnen, met "
                "{wie} als werkmaatje.",
                ["formal", "welfare"],
                "een collega",
                "werkmaatje",
            ),
            (
                "De klantmanager van werk en inkomen en {wie} zochten samen een passende plek.",
                ["formal", "informal"],
                "een werkmaatje",
                "werkmaatje",
            ),
            (
                "Bij de kaasboerderij mocht ik meelopen; {wie} leerde me het vak.",
                ["informal"],
                "de boer",
                "werkgever",
            ),
        ],
        [
            "Sinds kort heb ik een contract voor twintig uur.",
            "Ik sta weer om zeven uur op en dat voelt goed.",
            "Ik heb weer collega's en iets te vertellen aan tafel.",
        ],
    ),
    (
        "meedoen",
        ["Voorlezen op school", "Opa voor de klas", "Lezen met kinderen"],
        [
            "Ik ben gepensioneerd en miste het contact met jonge mensen.",
            "Onze eigen kleinkinderen wonen ver weg.",
            "Als oud-juf wilde ik iets blijven doen.",
        ],
        [
            (
                "Ik lees nu elke vrijdag voor op de basisschool in {dorp}, op vraag van {wie}.",
                ["informal"],
                "de directeur",
                "juf",
            ),
            (
                "Via de bibliotheek kwam ik bij het voorleesproject, waar {wie} me inwerkte.",
                ["welfare"],
                "een andere voorlezer",
                "vrijwilliger",
            ),
            (
                "{Wie} zocht iemand voor de leesclub op woensdagmiddag.",
                ["informal"],
                "de juf van groep vier",
                "juf",
            ),
        ],
        [
            "De kinderen noemen me opa, ook al ben ik dat niet.",
            "Een jongen die niet wilde lezen, leest nu zelf voor aan de klas.",
            "Ik heb er een reden bij om de deur uit te gaan.",
        ],
    ),
    (
        "meedoen",
        ["Buurtbus", "Achter het stuur", "Chauffeur van de buurtbus"],
        [
            "Ouderen uit de kleine kernen konden moeilijk naar de dokter en de winkel.",
            "Na mijn pensioen als vrachtwagenchauffeur miste ik de weg.",
            "De lijnbus naar {dorp} werd geschrapt.",
        ],
        [
            (
                "Ik ben chauffeur geworden op de buurtbus, samen met {wie}.",
                ["informal", "welfare"],
                "een oud-collega",
                "chauffeur",
            ),
            (
                "{Wie} vroeg me voor de buurtbusvereniging.",
                ["informal"],
                "de voorzitter",
                "chauffeur",
            ),
            (
                "Met de gemeente en {wie} hebben we een belbus opgezet.",
                ["formal", "informal"],
                "een paar vrijwilligers",
                "vrijwilliger",
            ),
        ],
        [
            "Ik voel me nuttig en de mensen zijn dankbaar.",
            "Elke rit is een kopje koffie op wielen.",
            "Mevrouw van de boerderij aan de dijk komt nu weer naar de markt.",
        ],
    ),
    (
        "meedoen",
        ["Zingen in het verzorgingshuis", "Kippenvel", "Het buurtkoor"],
        [
            "Ik zong vroeger in een koor en was daar mee gestopt.",
            "Mijn vader woont in het verzorgingshuis en reageert nergens meer op.",
            "In {dorp} was geen koor meer sinds de kerk dichtging.",
        ],
        [
            (
                "Met het nieuwe buurtkoor, opgezet door {wie}, zingen we elke maand in het "
                "verzorgingshuis.",
                ["informal", "own"],
                "een buurvrouw",
                "dirigent",
            ),
            ("{Wie} begeleidt ons op de piano.", ["informal"], "een buurman", "pianist"),
            (
                "De activiteitenbegeleider en {wie} zochten samen de oude liedjes uit.",
                ["formal", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
        ],
        [
            "Mensen met dementie zingen de oude liedjes mee. Dat is elke keer kippenvel.",
            "Mijn vader zong mee en pakte mijn hand.",
            "We zijn nu met vijfentwintig zangers.",
        ],
    ),
    (
        "meedoen",
        ["Nieuw in het dorp", "Mensen om op terug te vallen", "Welkom in het dorp"],
        [
            "We kwamen twee jaar geleden naar {dorp} en kenden niemand.",
            "Als nieuwkomers uit Syrië voelden we ons hier eerst niet thuis.",
            "Met twee kleine kinderen en een man die veel weg is, was ik vaak alleen.",
        ],
        [
            (
                "Via de buurtapp en het burenfeest leerden we {wie} kennen.",
                ["own", "informal"],
                "de buren",
                "buurtgenoot",
            ),
            (
                "{Wie} kwam met een taart aanbellen en nam ons mee naar de Burendag.",
                ["informal"],
                "een buurvrouw",
                "buurtgenoot",
            ),
            (
                "Het welkomstteam van het Huis van Alles en {wie} lieten ons het dorp zien.",
                ["welfare", "informal"],
                "een maatje",
                "maatje",
            ),
        ],
        [
            "We hebben nu mensen om op terug te vallen.",
            "Mijn kinderen spelen bij de buren en ik drink daar koffie.",
            "Ik help nu zelf nieuwe gezinnen op weg.",
        ],
    ),
    (
        "meedoen",
        ["Sporten met een beperking", "Weer meedoen met de anderen", "In de gymzaal"],
        [
            "Sinds mijn ongeluk zit ik in een rolstoel en dacht ik dat sporten voorbij was.",
            "Met mijn autisme vond ik sportclubs altijd te druk.",
            "Onze dochter met een verstandelijke beperking wilde zo graag sporten.",
        ],
        [
            (
                "Dankzij het aangepaste sportaanbod en {wie} doe ik weer mee.",
                ["welfare"],
                "de buurtsportcoach",
                "sportcoach",
            ),
            (
                "{Wie} haalde me over om het een keer te proberen.",
                ["welfare", "informal"],
                "de begeleider van welzijn",
                "begeleider",
            ),
            (
                "De voetbalclub en {wie} hebben een G-team opgericht.",
                ["informal"],
                "een paar ouders",
                "trainer",
            ),
        ],
        [
            "Ik doe weer mee met de anderen en heb er vrienden bij.",
            "Ik sta op zaterdag langs de lijn te juichen in plaats van thuis te zitten.",
            "Ze is trots op haar medaille en vertelt het aan iedereen.",
        ],
    ),
    (
        "meedoen",
        ["Moestuin van het dorp", "Samen oogsten", "Groente voor de voedselbank"],
        [
            "Ik woon in een flat zonder tuin en miste het buiten zijn.",
            "Het stuk grond achter de kerk lag er al jaren verwaarloosd bij.",
            "Na mijn pensioen zocht ik iets met mijn handen.",
        ],
        [
            (
                "Samen met {wie} zijn we een moestuin begonnen achter het Huis van Alles.",
                ["informal"],
                "een paar buurtgenoten",
                "buurtgenoot",
            ),
            (
                "{Wie} leerde ons zaaien en snoeien.",
                ["informal"],
                "een oud-tuinder",
                "vrijwilliger",
            ),
            (
                "De gemeente gaf de grond en {wie} regelde het gereedschap.",
                ["formal", "informal"],
                "de dorpsraad",
                "vrijwilliger",
            ),
        ],
        [
            "Wat over is gaat naar de voedselbank.",
            "Kinderen van de school komen nu kijken hoe een wortel groeit.",
            "Ik sta elke ochtend in de tuin en praat met wie langskomt.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Het dorpshuis blijft open", "Twintig vrijwilligers", "Een huis voor het dorp"],
        [
            "Het dorpshuis van {dorp} zou dichtgaan omdat de beheerder stopte.",
            "Er was geen geld meer voor een betaalde beheerder.",
            "Het dorpshuis stond de meeste avonden leeg.",
        ],
        [
            (
                "Nu draaien twintig vrijwilligers samen de bardiensten, met {wie} als "
                "aanspreekpunt.",
                ["informal"],
                "een vaste coördinator",
                "coördinator",
            ),
            (
                "{Wie} heeft een rooster gemaakt en iedereen gebeld.",
                ["informal"],
                "een bewoner",
                "voorzitter",
            ),
            (
                "Met steun van de gemeente en {wie} is er een stichting opgericht.",
                ["formal", "informal"],
                "de dorpsraad",
                "voorzitter",
            ),
        ],
        [
            "Er is elke dag iets te doen.",
            "Verenigingen die waren gestopt, komen terug.",
            "Het dorp heeft weer een huiskamer.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Burenhulp groeit", "Een telefoon die altijd opgenomen wordt", "Van vijf naar veertig"],
        [
            "We begonnen met vijf mensen die boodschappen deden in de coronatijd.",
            "Veel ouderen in {dorp} wisten niet bij wie ze terecht konden.",
            "De hulpvragen kwamen steeds bij dezelfde twee mensen terecht.",
        ],
        [
            (
                "Nu heeft de burenhulp een vaste groep en {wie} houdt de telefoon bij.",
                ["informal"],
                "een coördinator",
                "coördinator",
            ),
            (
                "{Wie} zette de hulpvragen in Zorgzaam, zodat vrijwilligers ze zelf kunnen "
                "oppakken.",
                ["informal", "welfare"],
                "de coördinator van het Huis van Alles",
                "coördinator",
            ),
            (
                "Met het sociaal team en {wie} is afgesproken wie wat oppakt.",
                ["formal", "informal"],
                "de burenhulp",
                "coördinator",
            ),
        ],
        [
            "Er is altijd iemand die opneemt.",
            "De groep is gegroeid tot veertig mensen en niemand raakt overbelast.",
            "Hulp komt nu meestal binnen een dag.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Samen met de huisarts", "Lijntjes", "Welzijn op recept"],
        [
            "Mensen kwamen bij de huisarts met klachten die eigenlijk over eenzaamheid gingen.",
            "De praktijk in {dorp} zat vol en de wachtlijsten waren lang.",
            "Zorg en welzijn werkten in het dorp langs elkaar heen.",
        ],
        [
            (
                "De praktijkondersteuner verwijst nu naar de dorpskamer, waar {wie} mensen "
                "ontvangt.",
                ["formal", "welfare", "informal"],
                "een vrijwilliger",
                "vrijwilliger",
            ),
            (
                "{Wie} van welzijn houdt spreekuur in de praktijk.",
                ["welfare", "formal"],
                "een welzijnscoach",
                "welzijnscoach",
            ),
            (
                "De huisarts en {wie} spreken elke maand samen de lastige situaties door.",
                ["formal", "welfare"],
                "het sociaal team",
                "wijkcoach",
            ),
        ],
        [
            "Er zijn lijntjes ontstaan die er eerst niet waren.",
            "Minder mensen komen terug met dezelfde klacht.",
            "De huisarts zegt dat het spreekuur rustiger is geworden.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Warme overdracht", "Niemand tussen wal en schip", "De opvolger"],
        [
            "Mijn maatje moest stoppen omdat ze ging verhuizen.",
            "Toen de vaste vrijwilliger ziek werd, dreigde het contact weg te vallen.",
            "De buurtbus zocht een nieuwe planner.",
        ],
        [
            (
                "Ze heeft zelf haar opvolger voorgesteld: {wie}.",
                ["informal", "welfare"],
                "een vrijwilliger uit het dorp",
                "vrijwilliger",
            ),
            (
                "{Wie} nam het over en kwam eerst een paar keer mee.",
                ["informal"],
                "een buurman",
                "vrijwilliger",
            ),
            (
                "De coördinator zorgde dat {wie} alles wist voordat de overdracht plaatsvond.",
                ["welfare"],
                "de nieuwe vrijwilliger",
                "vrijwilliger",
            ),
        ],
        [
            "Niemand viel tussen wal en schip.",
            "Het contact liep gewoon door, alsof er niets veranderd was.",
            "Er is nu altijd een tweede persoon die meekijkt.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Jong en oud", "Hulp over en weer", "Scholieren en senioren"],
        [
            "Ouderen in {dorp} hadden moeite met hun telefoon.",
            "Scholieren moesten een maatschappelijke stage doen en wisten niet waar.",
            "Jong en oud kwamen elkaar in het dorp nauwelijks tegen.",
        ],
        [
            (
                "Scholieren helpen ouderen met hun telefoon, begeleid door {wie}.",
                ["informal"],
                "een docent",
                "docent",
            ),
            (
                "{Wie} koppelde de school aan de ouderenbond.",
                ["welfare", "informal"],
                "de jongerenwerker",
                "jongerenwerker",
            ),
            (
                "De ouderen helpen de scholieren met hun sollicitatiebrief; {wie} regelt de "
                "ruimte.",
                ["informal"],
                "het Huis van Alles",
                "coördinator",
            ),
        ],
        [
            "Het loopt nu zonder dat iemand het regelt.",
            "Er zijn vriendschappen ontstaan tussen mensen die zestig jaar schelen.",
            "Twee scholieren zijn na hun stage vrijwilliger gebleven.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Een vaste plek", "De oude bibliotheek", "Samen plannen"],
        [
            "De ontmoetingsplek zwierf van zaaltje naar zaaltje.",
            "Verenigingen, kerk en welzijn organiseerden alles op dezelfde avond.",
            "De oude bibliotheek in {dorp} stond leeg.",
        ],
        [
            (
                "Nu is er een vaste ruimte in de oude bibliotheek; {wie} beheert de sleutels.",
                ["welfare", "informal"],
                "een vrijwilliger",
                "beheerder",
            ),
            (
                "{Wie} bracht iedereen om tafel voor één gezamenlijke agenda.",
                ["welfare"],
                "de opbouwwerker",
                "opbouwwerker",
            ),
            (
                "Het sociaal team, de kerk en {wie} plannen er samen hun activiteiten.",
                ["welfare", "informal", "formal"],
                "de verenigingen",
                "voorzitter",
            ),
        ],
        [
            "Iedereen weet waar hij moet zijn.",
            "Er is geen dubbele avond meer en de zaal is vaker vol.",
            "Mensen lopen binnen zonder afspraak.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Klussendienst", "Het gereedschap van het dorp", "Oude rotten en nieuwe handen"],
        [
            "De klussendienst had geen eigen gereedschap; iedereen nam zijn eigen spullen mee.",
            "De vaste klussers werden ouder en er kwamen geen nieuwe bij.",
            "Er kwamen meer klusvragen binnen dan we aankonden.",
        ],
        [
            (
                "De bouwmarkt schonk een gereedschapskist en {wie} houdt hem bij.",
                ["informal"],
                "een oud-timmerman",
                "vrijwilliger",
            ),
            (
                "{Wie} leert nieuwe vrijwilligers het vak.",
                ["informal"],
                "een oude rot",
                "vrijwilliger",
            ),
            (
                "Via Zorgzaam vond {wie} klussen dicht bij huis.",
                ["informal"],
                "een nieuwe vrijwilliger",
                "vrijwilliger",
            ),
        ],
        [
            "Nieuwe vrijwilligers leren het vak van de oude rotten.",
            "Elke klusvraag is binnen twee weken opgepakt.",
            "De groep is jonger geworden en blijft bestaan.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Dorpsagenda", "Alles op één plek", "Elkaar vinden"],
        [
            "Niemand wist wat er in {dorp} te doen was.",
            "Activiteiten werden op papiertjes bij de supermarkt aangekondigd.",
            "Nieuwe inwoners vonden de verenigingen niet.",
        ],
        [
            (
                "Alles staat nu op de sociale kaart; {wie} houdt het bij.",
                ["informal", "welfare"],
                "een vrijwilliger",
                "redacteur",
            ),
            (
                "{Wie} maakt elke maand de dorpsagenda voor het krantje.",
                ["informal"],
                "een gepensioneerde journalist",
                "redacteur",
            ),
            (
                "De dorpsraad en {wie} zetten de activiteiten samen in één agenda.",
                ["informal", "welfare"],
                "het Huis van Alles",
                "coördinator",
            ),
        ],
        [
            "Mensen weten elkaar te vinden en de verenigingen werken samen.",
            "Bij de Burendag waren twee keer zoveel mensen als vorig jaar.",
            "Nieuwe inwoners melden zich nu zelf bij de verenigingen.",
        ],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        ["Een waakzaam oog", "Op elkaar letten", "De gordijnen bleven dicht"],
        [
            "Een oudere buurvrouw lag een keer twee dagen gevallen in huis voordat iemand het "
            "merkte.",
            "Veel alleenwonenden in {dorp} hebben geen familie in de buurt.",
            "Na een inbraakgolf voelden ouderen zich onveilig.",
        ],
        [
            (
                "Nu hebben we een belcirkel, opgezet door {wie}.",
                ["informal"],
                "een buurman",
                "vrijwilliger",
            ),
            (
                "{Wie} maakte met de straat afspraken over op elkaar letten.",
                ["informal", "welfare"],
                "de buurtcoach",
                "buurtcoach",
            ),
            (
                "De wijkagent en {wie} organiseerden een avond over veiligheid.",
                ["formal", "informal"],
                "de dorpsraad",
                "voorzitter",
            ),
        ],
        [
            "Als de gordijnen om tien uur nog dicht zijn, belt er iemand aan.",
            "Elke ochtend gaat de telefoon en dat geeft rust.",
            "Mensen kennen elkaars namen weer.",
        ],
    ),
]

CLOSERS = [
    "Het is klein, maar het maakt voor mij een wereld van verschil.",
    "Ik had niet gedacht dat het zo eenvoudig kon.",
    "Dat wil ik graag even kwijt.",
    "Zo hoort een dorp te zijn.",
    "Ik hoop dat meer mensen dit durven te vragen.",
    "Wat mij betreft mag dit overal.",
]

AUDIENCE_MIX = [
    (Audience.COUNCIL, 0.45),
    (Audience.PUBLIC, 0.30),
    (Audience.MUNICIPALITY, 0.20),
    (Audience.TEAM, 0.05),
]
TELLERS = ["bewoner", "vrijwilliger", "coordinator", "professional", "teamleider"]
REASONS_TEAM = [
    "Dit laat zien hoe buren elkaar vinden zonder dat er zorg aan te pas komt.",
    "Een kleine verandering met een groot effect op iemands dag.",
    "Hier is het netwerk in het dorp sterker geworden, niet alleen één persoon geholpen.",
]
REASONS_MUNICIPALITY = [
    "Past precies bij de beweging van zorg naar welzijn die we als gemeente willen.",
    "Dit verhaal komt uit een kleine kern waar we weinig van horen.",
]
REASONS_COUNCIL = [
    "De commissie koos dit verhaal omdat het laat zien wat informele hulp oplevert.",
]


# Invented people who are not in the system: the de-identifier must find them on its own.
INVENTED = [
    ("Fatima", "", "El Amrani", "+31 6 4172 5530", "Kerkstraat 14"),
    ("Jan-Willem", "van der", "Heijden", "06-21436587", "Oude Rijnweg 3"),
    ("Mohamed", "", "Ait Taleb", "+31 (0)6 38 27 19 04", "Dorpsstraat 88"),
    ("Ria", "de", "Graaf-Bos", "0172-612345", "Molenweg 7a"),
    ("Ayşe", "", "Öztürk", "06 1234 9876", "Raadhuisstraat 2"),
    ("Thi Lan", "", "Nguyen", "+31612345678", "Zuidzijde 41"),
    ("Kees", "", "Verhoef", "0182 331 207", "Lange Tiendeweg 19"),
    ("Annelies", "van", "Dam", "06-55512874", "Burgemeester Kremerweg 5"),
]
SALUTATIONS = ["Mevrouw", "Meneer"]
# Extra sentences with personal data: {first}, {name}, {last}, {phone}, {street}, {email},
# {salutation}, {age}.
PERSONAL_LINES = [
    "Wie ook hulp zoekt: bel {first} gerust op {phone}.",
    "{first} woont zelf aan de {street}, dus je kunt altijd even aanbellen.",
    "Dank je wel, {name}!",
    "{salutation} {last} ({age}) zegt het zelf het mooist: 'Ik leef weer.'",
    "Mailen kan ook, naar {email}.",
    "Mijn buurtgenoot {name} heeft het voor mij aangevraagd bij het Huis van Alles.",
    "Sinds {first} op de {street} woont, weet de hele straat waar je moet zijn.",
    "Eerst belde {first} voor mij met het sociaal team, vanaf {phone}.",
]


def _weighted(rng, mix):
    r = rng.random()
    acc = 0.0
    for value, weight in mix:
        acc += weight
        if r <= acc:
            return value
    return mix[-1][0]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _full(first, infix, last) -> str:
    return " ".join(p for p in (first, infix, last) if p)


def _person_facts(person) -> dict:
    """The fields a sentence may name, from a Person row or an invented tuple."""
    if isinstance(person, tuple):
        first, infix, last, phone, street = person
        slug = re.sub(r"[^a-z]", "", f"{first}.{last}".lower())
        return {
            "first": first,
            "name": _full(first, infix, last),
            "last": _cap(_full("", infix, last)),
            "phone": phone,
            "street": street,
            "email": f"{slug}@example.nl",
            "person": None,
        }
    return {
        "first": person.given_name,
        "name": _full(person.given_name, person.infix, person.family_name),
        "last": _cap(_full("", person.infix, person.family_name)),
        "phone": person.phone or "06-12345678",
        "street": person.street_address or "Dorpsstraat 1",
        "email": person.email or "buur@example.nl",
        "person": person,
    }


def _secrets(facts: dict) -> list[str]:
    """What must not survive de-identification (the review check of the demo)."""
    street = re.sub(r"\s*\d.*$", "", facts["street"]).strip()
    digits = re.sub(r"\D", "", facts["phone"])
    found = [facts["first"], facts["last"].split()[-1], street, facts["email"]]
    if len(digits) >= 6:
        found.append(digits[-6:])
    return [s for s in found if len(s) >= 3]


def _leaks(text: str, secrets: list[str]) -> bool:
    flat = re.sub(r"\D", "", text)
    for secret in secrets:
        if secret.isdigit():
            if secret in flat:
                return True
        elif re.search(r"(?<!\w)" + re.escape(secret) + r"(?!\w)", text):
            return True
    return False


def compose(rng, area_name: str, *, people=()) -> dict:
    """One story from parts. ``people``: facts of the people it may name (empty: none)."""
    slug, titles, situations, helps, changes = SCENARIOS[rng.randrange(len(SCENARIOS))]
    sentence, helpers, generic, role = helps[rng.randrange(len(helps))]
    named = people[0] if people and role else None
    if named is not None:
        who = f"{role} {named['name']}" if rng.random() < 0.6 else named["name"]
    else:
        who = generic
    parts = [
        rng.choice(situations),
        sentence.replace("{Wie}", _cap(who)).replace("{wie}", who),
        rng.choice(changes),
    ]
    if rng.random() < 0.35:
        parts.append(rng.choice(CLOSERS))
    secrets: list[str] = []
    for facts in people:
        line = rng.choice(PERSONAL_LINES)
        parts.insert(
            rng.randint(2, len(parts)),
            line.format(salutation=rng.choice(SALUTATIONS), age=rng.randint(68, 93), **facts),
        )
        secrets += _secrets(facts)
    if named is not None:
        secrets += _secrets(named)
    text = " ".join(parts).replace("{dorp}", area_name)
    return {
        "domain": slug,
        "title": rng.choice(titles),
        "text": text,
        "helpers": sorted({h for h in helpers if h in Helper.values}),
        "secrets": secrets,
        "linked": [f["person"] for f in people if f["person"] is not None],
    }


def generate(ctx) -> dict[str, int]:
    with translation.override("nl"):
        return _generate(ctx)


def _generate(ctx) -> dict[str, int]:
    municipality = ctx.municipality
    domains = {d.slug: d for d in domains_for(municipality)}
    areas = list(municipality.areas.order_by("name"))
    periods = period_recent(ctx.today, QUARTERS)  # newest first
    oldest_first = list(reversed(periods))
    rng = ctx.rng
    now = timezone.now()
    known_people = list(getattr(ctx, "volunteer_people", None) or [])[:200]
    known_people += list(getattr(ctx, "residents", None) or [])[:200]
    people_by_area: dict = {}
    for person in known_people:
        people_by_area.setdefault(person.area_id, []).append(person)
    stories, personal = [], []
    for n in range(STORY_COUNT):
        area = areas[(n * 3 + n // len(areas)) % len(areas)]
        period = _weighted(rng, list(zip(oldest_first, QUARTER_WEIGHTS, strict=True)))
        teller = ctx.users.get(TELLERS[n % len(TELLERS)])
        people = []
        if rng.random() < PERSONAL_SHARE:
            local = people_by_area.get(area.pk) or known_people
            if local and rng.random() < 0.6:
                people.append(_person_facts(local[rng.randrange(len(local))]))
            if not people or rng.random() < 0.4:
                people.append(_person_facts(INVENTED[rng.randrange(len(INVENTED))]))
        part = compose(rng, area.name, people=people)
        story = Story(
            municipality=municipality,
            teller=teller,
            teller_person=getattr(teller, "person", None) if teller is not None else None,
            title=part["title"],
            domain=domains[part["domain"]],
            helpers=part["helpers"],
            area=area,
            period=period,
            origin=Story.Origin.DEMO,
            audience=_weighted(rng, AUDIENCE_MIX),
        )
        if people:
            story.original_text = part["text"]
            story.text = ""
            story.status = Story.Status.DRAFT
            personal.append((story, part))
        else:
            story.original_text = ""
            story.text = part["text"]
            story.status = Story.Status.APPROVED
            story.deidentified_at = now
            story.approved_at = now
            story.approved_by = teller
        stories.append(story)
    Story.objects.bulk_create(stories)
    links = [
        Story.linked_persons.through(story_id=story.pk, person_id=p.pk)
        for story, part in personal
        for p in {p.pk: p for p in part["linked"]}.values()
    ]
    Story.linked_persons.through.objects.bulk_create(links)
    counts = _deidentify(ctx, personal, current=periods[0])
    rounds = _rounds(ctx, periods[1:3], domains)
    return {"stories": len(stories), **counts, "msc_rounds": rounds}


def _deidentify(ctx, personal, *, current: str) -> dict[str, int]:
    """The stories that name people: through the real de-identifier, then approved as the
    teller would after reading the result, unless something personal survived. A few of
    this quarter's wait for the teller's review, so the review queue has work."""
    from .deid import DeduceUnavailableError, get_deidentifier
    from .services import retention_days, story_deidentify

    if not personal:
        return {}
    try:
        engine = get_deidentifier()
    except DeduceUnavailableError:
        log.warning("deduce is not available: %d demo stories stay drafts", len(personal))
        return {"stories_draft": len(personal)}
    approved = held = 0
    today = timezone.localdate()
    with transaction.atomic():
        for index, (story, part) in enumerate(personal):
            story = story_deidentify(story=story, deidentifier=engine)
            leaked = _leaks(story.text, part["secrets"]) or _leaks(story.title, part["secrets"])
            if leaked or (story.period == current and index % 4 == 0):
                held += 1  # the teller or the team reads (and corrects) it in the review
                continue
            story.status = Story.Status.APPROVED
            story.approved_at = timezone.now()
            story.approved_by = story.teller
            story.original_retain_until = today + timedelta(days=retention_days())
            story.save(
                update_fields=[
                    "status",
                    "approved_at",
                    "approved_by",
                    "original_retain_until",
                    "updated_at",
                ]
            )
            story.redactions.all().delete()  # as at approval: the review is over
            approved += 1
    return {"stories_deidentified": len(personal), "stories_awaiting_review": held}


def _team_for(ctx, area, cache: dict):
    if area.pk not in cache:
        cache[area.pk] = next(
            (team for team in ctx.teams if team.areas.filter(pk=area.pk).exists()), None
        )
    return cache[area.pk]


def _rounds(ctx, periods, domains: dict[str, Domain]) -> int:
    """Two completed rounds (the two quarters before the current one): per domain a team
    choice per team, the municipality's choice, and the council committee's choice."""
    municipality = ctx.municipality
    officer = ctx.users.get("beleid")
    lead = ctx.users.get("teamleider")
    count = 0
    teams: dict = {}
    for period in periods:
        rnd = Round.objects.create(
            municipality=municipality,
            period=period,
            title=f"Meest significante verandering {period}",
            created_by=officer,
        )
        count += 1
        for d_index, domain in enumerate(domains.values()):
            pool = list(
                Story.objects.filter(
                    municipality=municipality,
                    period=period,
                    domain=domain,
                    status=Story.Status.APPROVED,
                    audience__in=[Audience.MUNICIPALITY, Audience.COUNCIL, Audience.PUBLIC],
                ).select_related("area")
            )
            team_choices = []
            seen_teams = set()
            for story in pool:
                team = _team_for(ctx, story.area, teams)
                if team is None or team.pk in seen_teams:
                    continue
                seen_teams.add(team.pk)
                team_choices.append(
                    _select(
                        rnd,
                        story,
                        Level.TEAM,
                        team.name,
                        REASONS_TEAM[len(team_choices) % len(REASONS_TEAM)],
                        lead,
                    )
                )
            if not team_choices:
                continue
            muni = team_choices[:2]
            for k, sel in enumerate(muni):
                _select(
                    rnd,
                    sel.story,
                    Level.MUNICIPALITY,
                    "Gemeente",
                    REASONS_MUNICIPALITY[(k + d_index) % len(REASONS_MUNICIPALITY)],
                    officer,
                )
            council = [s for s in muni if s.story.audience in (Audience.COUNCIL, Audience.PUBLIC)]
            if council:
                _select(
                    rnd,
                    council[0].story,
                    Level.COUNCIL,
                    "Raadscommissie Samenleving",
                    REASONS_COUNCIL[0],
                    officer,
                )
    return count


def _select(rnd, story, level, label, reason, actor) -> Selection:
    selection = Selection.objects.create(
        municipality=rnd.municipality,
        round=rnd,
        story=story,
        level=level,
        selector_label=label,
        reason=reason,
        reason_checked=True,  # demo reasons are written without personal data
        selected_by=actor,
    )
    Message.objects.create(
        municipality=rnd.municipality,
        story=story,
        body=(
            f"Uw verhaal is gekozen als meest significant ({story.domain.name}) door {label} "
            f"(niveau: {Level(level).label}) in de ronde {rnd.title}. Hun reden: {reason}"
        ),
    )
    return selection
