// The picker's curated emoji set (about 570 common ones, CLDR short names), written as compact
// lines "emoji name|keywords" so the module stays small and is only loaded with the picker.
// No skin-tone variants and no keycap digits: the server refuses reactions that hold digits.

export type EmojiCategoryId =
  | 'people'
  | 'nature'
  | 'food'
  | 'activities'
  | 'travel'
  | 'objects'
  | 'symbols'
  | 'flags';

export interface EmojiEntry {
  emoji: string;
  /** Lower-case CLDR short name: the button's accessible name ("thumbs up"). */
  name: string;
  keywords: string[];
  category: EmojiCategoryId;
}

export interface EmojiCategory {
  id: EmojiCategoryId;
  label: string;
  /** The emoji shown on the category's tab. */
  icon: string;
  emoji: EmojiEntry[];
}

const RAW: ReadonlyArray<readonly [EmojiCategoryId, string, string, string]> = [
  [
    'people',
    'Smileys & people',
    '😀',
    `
😀 grinning face|smile happy joy
😃 grinning face with big eyes|smile happy joy haha
😄 grinning face with smiling eyes|smile happy joy laugh
😁 beaming face with smiling eyes|grin smile happy
😆 grinning squinting face|laugh haha satisfied
😅 grinning face with sweat|nervous relief phew laugh
🤣 rolling on the floor laughing|rofl lol laugh haha
😂 face with tears of joy|lol laugh haha cry funny
🙂 slightly smiling face|smile ok
🙃 upside-down face|silly sarcasm irony
🫠 melting face|hot embarrassed dissolve
😉 winking face|wink flirt joke
😊 smiling face with smiling eyes|blush happy proud
😇 smiling face with halo|angel innocent
🥰 smiling face with hearts|love adore crush
😍 smiling face with heart-eyes|love crush heart
🤩 star-struck|wow amazing stars excited
😘 face blowing a kiss|kiss love
🥲 smiling face with tear|grateful proud relieved
😋 face savoring food|yum delicious tasty
😛 face with tongue|tongue playful
😜 winking face with tongue|crazy joke silly
🤪 zany face|crazy goofy wild
🤑 money-mouth face|money rich dollar
🤗 smiling face with open hands|hug hugs
🤭 face with hand over mouth|oops giggle
🤫 shushing face|quiet shh secret
🤔 thinking face|think hmm wonder
🤐 zipper-mouth face|secret quiet sealed
🤨 face with raised eyebrow|suspicious skeptic doubt
😐 neutral face|meh blank
😑 expressionless face|meh unimpressed
😶 face without mouth|silent speechless
😏 smirking face|smirk smug
😒 unamused face|meh bored unhappy
🙄 face with rolling eyes|eyeroll whatever
😬 grimacing face|awkward eek nervous
😮‍💨 face exhaling|sigh relief exhale
😌 relieved face|calm relief peaceful
😔 pensive face|sad dejected
😪 sleepy face|tired sleep
🤤 drooling face|drool hungry
😴 sleeping face|sleep tired zzz
😷 face with medical mask|sick mask ill covid
🤒 face with thermometer|sick fever ill
🤕 face with head-bandage|hurt injury
🤢 nauseated face|sick gross vomit
🤮 face vomiting|sick puke gross
🤧 sneezing face|sick sneeze cold
🥵 hot face|hot heat sweat
🥶 cold face|cold freezing ice
🥴 woozy face|dizzy drunk tipsy
😵 face with crossed-out eyes|dizzy dead knocked out
😵‍💫 face with spiral eyes|dizzy confused hypnotized
🤯 exploding head|mind blown shocked
🤠 cowboy hat face|cowboy yeehaw
🥳 partying face|party celebrate birthday
😎 smiling face with sunglasses|cool sunglasses
🤓 nerd face|nerd geek glasses
🧐 face with monocle|inspect curious
😕 confused face|confused puzzled
😟 worried face|worried concern
☹️ frowning face|sad frown
😮 face with open mouth|wow surprise oh
😯 hushed face|surprised wow
😲 astonished face|shocked amazed wow
😳 flushed face|embarrassed blush shocked
🥺 pleading face|please puppy eyes beg
🥹 face holding back tears|touched grateful moved
😨 fearful face|scared fear
😰 anxious face with sweat|nervous anxious worried
😥 sad but relieved face|phew sad relieved
😢 crying face|sad cry tear
😭 loudly crying face|sob cry sad
😱 face screaming in fear|scream scared horror
😞 disappointed face|sad disappointed
😩 weary face|tired weary frustrated
😫 tired face|tired exhausted
🥱 yawning face|yawn tired bored
😤 face with steam from nose|triumph angry proud
😡 enraged face|angry mad rage pouting
😠 angry face|angry mad
🤬 face with symbols on mouth|swear curse angry
😈 smiling face with horns|devil evil mischief
👿 angry face with horns|devil imp angry
💀 skull|dead death dying laugh
☠️ skull and crossbones|danger death poison
💩 pile of poo|poop crap
🤡 clown face|clown
👻 ghost|halloween spooky boo
👽 alien|ufo extraterrestrial
👾 alien monster|game space invader
🤖 robot|bot machine ai
😺 grinning cat|cat smile
😹 cat with tears of joy|cat laugh
😻 smiling cat with heart-eyes|cat love
🙀 weary cat|cat shocked
🙈 see-no-evil monkey|monkey shy oops
🙊 speak-no-evil monkey|monkey secret oops
👋 waving hand|wave hello hi bye
🤚 raised back of hand|hand stop
🖐️ hand with fingers splayed|hand five
✋ raised hand|hand stop high five
🖖 vulcan salute|spock star trek
👌 ok hand|okay ok perfect
🤏 pinching hand|small tiny little
✌️ victory hand|peace victory
🤞 crossed fingers|luck hope
🤟 love-you gesture|love you ily
🤘 sign of the horns|rock metal
🤙 call me hand|call phone shaka
👈 backhand index pointing left|left point
👉 backhand index pointing right|right point
👆 backhand index pointing up|up point
👇 backhand index pointing down|down point
☝️ index pointing up|up point one
🫵 index pointing at the viewer|you point
👍 thumbs up|like yes approve agree +1 good
👎 thumbs down|dislike no disapprove -1 bad
✊ raised fist|fist power solidarity
👊 oncoming fist|punch fist bump
👏 clapping hands|clap applause bravo
🙌 raising hands|hooray celebrate praise
🫶 heart hands|love heart support
🤝 handshake|deal agreement meeting
🙏 folded hands|please thanks pray hope
✍️ writing hand|write
💪 flexed biceps|strong muscle flex gym
🧠 brain|smart mind think
👀 eyes|look see watch
👶 baby|child newborn
🧑 person|adult human
👨 man|adult male
👩 woman|adult female
🙋 person raising hand|hand question volunteer
🤷 person shrugging|shrug dunno whatever
🤦 person facepalming|facepalm disbelief
🙅 person gesturing no|no nope stop
🙇 person bowing|bow sorry respect
🧑‍💻 technologist|coder developer programmer computer
🧑‍🚀 astronaut|space rocket
🦸 superhero|hero power
🧙 mage|wizard witch magic
🧟 zombie|undead halloween
🎅 santa claus|christmas xmas father
👮 police officer|cop police
🕵️ detective|spy sleuth
🏃 person running|run jog exercise
🚶 person walking|walk hike
💃 woman dancing|dance party salsa
🕺 man dancing|dance disco party
🧘 person in lotus position|yoga meditation calm
🗣️ speaking head|speak talk shout
👤 bust in silhouette|user person profile
👥 busts in silhouette|users people group
`,
  ],
  [
    'nature',
    'Animals & nature',
    '🐶',
    `
🐶 dog face|dog puppy pet
🐱 cat face|cat kitten pet
🐰 rabbit face|bunny rabbit easter
🦊 fox|fox
🐻 bear|bear teddy
🐼 panda|panda bear
🐨 koala|koala australia
🐯 tiger face|tiger cat
🦁 lion|lion king
🐮 cow face|cow moo
🐷 pig face|pig oink
🐸 frog|frog toad
🐵 monkey face|monkey
🐔 chicken|chicken hen
🐧 penguin|penguin bird
🐦 bird|bird tweet
🐤 baby chick|chick bird
🦆 duck|duck bird
🦅 eagle|eagle bird
🦉 owl|owl bird wise
🦇 bat|bat vampire
🐺 wolf|wolf
🐴 horse face|horse
🦄 unicorn|unicorn magic
🐝 honeybee|bee honey insect
🐛 bug|bug insect caterpillar
🦋 butterfly|butterfly insect pretty
🐌 snail|snail slow
🐜 ant|ant insect
🐢 turtle|turtle tortoise slow
🐍 snake|snake python
🦖 t-rex|dinosaur tyrannosaurus
🐙 octopus|octopus sea
🦑 squid|squid sea
🦀 crab|crab sea
🐠 tropical fish|fish
🐟 fish|fish
🐬 dolphin|dolphin sea
🐳 spouting whale|whale sea
🦈 shark|shark sea
🐘 elephant|elephant
🦒 giraffe|giraffe
🐕 dog|dog pet
🐈 cat|cat pet
🦜 parrot|parrot bird
🦩 flamingo|flamingo bird pink
🐾 paw prints|paw feet
💐 bouquet|flowers bouquet
🌸 cherry blossom|flower spring sakura
🌹 rose|flower love
🌻 sunflower|flower sun
🌷 tulip|flower spring
🌱 seedling|plant sprout grow
🌲 evergreen tree|tree pine
🌴 palm tree|tree palm beach
🌵 cactus|cactus desert
🍀 four leaf clover|luck clover irish
🍁 maple leaf|leaf autumn fall canada
🍂 fallen leaf|leaf autumn fall
🍄 mushroom|mushroom fungus
🌎 globe showing americas|earth world globe
🌙 crescent moon|moon night
🌞 sun with face|sun sunny
⭐ star|star
🌟 glowing star|star shine sparkle
✨ sparkles|sparkle shiny magic new
⚡ high voltage|lightning electric zap
🔥 fire|fire lit hot flame
🌈 rainbow|rainbow pride
☀️ sun|sun sunny weather
☁️ cloud|cloud weather
🌧️ cloud with rain|rain weather
⛈️ cloud with lightning and rain|storm thunder weather
❄️ snowflake|snow cold winter
☃️ snowman|snow winter
🌊 water wave|wave sea ocean surf
💧 droplet|water drop
`,
  ],
  [
    'food',
    'Food & drink',
    '🍔',
    `
🍎 red apple|apple fruit
🍊 tangerine|orange fruit
🍋 lemon|fruit citrus
🍌 banana|fruit
🍉 watermelon|fruit summer
🍇 grapes|fruit wine
🍓 strawberry|fruit berry
🫐 blueberries|fruit berry
🍒 cherries|fruit cherry
🍑 peach|fruit
🥭 mango|fruit
🍍 pineapple|fruit
🍅 tomato|vegetable
🍆 eggplant|aubergine vegetable
🥑 avocado|avocado fruit
🥦 broccoli|vegetable
🥕 carrot|vegetable
🌽 ear of corn|corn maize
🌶️ hot pepper|chili spicy
🥔 potato|vegetable
🥐 croissant|bread french breakfast
🍞 bread|bread toast loaf
🧀 cheese wedge|cheese
🥚 egg|egg breakfast
🍳 cooking|egg frying pan breakfast
🥞 pancakes|pancakes breakfast
🥓 bacon|bacon breakfast
🍗 poultry leg|chicken drumstick
🌭 hot dog|hotdog sausage
🍔 hamburger|burger
🍟 french fries|fries chips
🍕 pizza|pizza slice
🌮 taco|taco mexican
🥗 green salad|salad healthy
🍿 popcorn|popcorn movie
🍝 spaghetti|pasta italian
🍜 steaming bowl|ramen noodles soup
🍛 curry rice|curry
🍣 sushi|sushi japanese fish
🍦 soft ice cream|ice cream dessert
🍩 doughnut|donut dessert
🍪 cookie|cookie biscuit
🎂 birthday cake|cake birthday party
🧁 cupcake|cake dessert
🍫 chocolate bar|chocolate sweet
🍭 lollipop|candy sweet
🥛 glass of milk|milk
☕ hot beverage|coffee tea cafe
🍵 teacup without handle|tea green
🥤 cup with straw|soda drink
🧋 bubble tea|boba tea
🍺 beer mug|beer drink pub
🍻 clinking beer mugs|beer cheers drinks
🥂 clinking glasses|cheers champagne celebrate
🍷 wine glass|wine drink
🍸 cocktail glass|cocktail martini
🧊 ice|ice cube cold
🍽️ fork and knife with plate|dinner restaurant
`,
  ],
  [
    'activities',
    'Activities',
    '⚽',
    `
⚽ soccer ball|football soccer
🏀 basketball|basketball ball
🏈 american football|football
⚾ baseball|baseball
🎾 tennis|tennis ball
🏐 volleyball|volleyball
🏉 rugby football|rugby
🎱 pool 8 ball|billiards pool
🏓 ping pong|table tennis
⛳ flag in hole|golf
🥊 boxing glove|boxing
🎿 skis|ski snow
🚴 person biking|cycling bike
🏊 person swimming|swim
🏋️ person lifting weights|gym weights
🏆 trophy|win winner prize
🥇 1st place medal|gold first winner
🥈 2nd place medal|silver second
🥉 3rd place medal|bronze third
🏅 sports medal|medal award
🎟️ admission tickets|ticket event
🎭 performing arts|theatre theater drama
🎨 artist palette|art paint
🎬 clapper board|movie film action
🎤 microphone|sing karaoke mic
🎧 headphone|music headphones
🎹 musical keyboard|piano music
🥁 drum|drum music
🎺 trumpet|music
🎸 guitar|music rock
🎲 game die|dice game
♟️ chess pawn|chess game
🎯 bullseye|target dart goal
🎳 bowling|bowling
🎮 video game|game controller gaming
🧩 puzzle piece|puzzle jigsaw
🎉 party popper|party celebrate tada hooray congrats
🎊 confetti ball|party celebrate
🎈 balloon|party birthday
🎁 wrapped gift|present gift birthday
🎃 jack-o-lantern|halloween pumpkin
🎄 christmas tree|christmas xmas
🎆 fireworks|celebrate new year
`,
  ],
  [
    'travel',
    'Travel & places',
    '🚗',
    `
🚗 automobile|car drive
🚕 taxi|cab car
🚌 bus|bus transport
🏎️ racing car|race car fast
🚓 police car|police
🚑 ambulance|hospital emergency
🚒 fire engine|fire truck
🚚 delivery truck|truck delivery
🚲 bicycle|bike cycle
🚨 police car light|siren alarm emergency
🚦 vertical traffic light|traffic light
🚧 construction|wip roadwork work in progress
⚓ anchor|ship sea
⛵ sailboat|boat sail
🚢 ship|boat
✈️ airplane|plane flight travel
🚁 helicopter|helicopter
🚀 rocket|launch space ship it
🛸 flying saucer|ufo alien
🚂 locomotive|train steam
🚇 metro|subway underground tube
🗺️ world map|map travel
🧭 compass|navigation direction
🏔️ snow-capped mountain|mountain snow
🌋 volcano|volcano eruption
🏕️ camping|camp tent
🏖️ beach with umbrella|beach holiday vacation
🏠 house|home
🏡 house with garden|home garden
🏢 office building|office work
🏥 hospital|hospital doctor
🏦 bank|bank money
🏨 hotel|hotel
🏫 school|school
🏰 castle|castle
⛪ church|church
🌃 night with stars|night city
🏙️ cityscape|city buildings
🌅 sunrise|sunrise morning
🌇 sunset|sunset evening city
🎢 roller coaster|amusement ride
⌛ hourglass done|time sand
⏳ hourglass not done|time waiting
⌚ watch|time clock
⏰ alarm clock|alarm time wake
⏱️ stopwatch|timer time
🌐 globe with meridians|world internet web
`,
  ],
  [
    'objects',
    'Objects',
    '💡',
    `
👓 glasses|spectacles eyeglasses
🕶️ sunglasses|cool shades
👕 t-shirt|shirt tshirt clothes
👟 running shoe|sneaker shoe
👑 crown|king queen royal
💎 gem stone|diamond jewel
🔊 speaker high volume|loud sound volume
📢 loudspeaker|announcement
📣 megaphone|announcement cheer
🔔 bell|notification ring
🔕 bell with slash|mute silent notifications off
🎵 musical note|music note
🎶 musical notes|music notes song
📱 mobile phone|phone cell smartphone
☎️ telephone|phone call
📞 telephone receiver|phone call
🔋 battery|battery power
🔌 electric plug|plug power
💻 laptop|computer laptop
🖥️ desktop computer|computer monitor pc
⌨️ keyboard|keyboard type
💾 floppy disk|save disk
📷 camera|camera photo
📸 camera with flash|photo picture snap
🎥 movie camera|film video
📺 television|tv
🔍 magnifying glass tilted left|search zoom find
🔎 magnifying glass tilted right|search zoom find
💡 light bulb|idea light bulb
📕 closed book|book read
📖 open book|book read
📚 books|books library study
📄 page facing up|document paper
🏷️ label|tag label
💰 money bag|money rich dollar
💵 dollar banknote|money cash dollar
💳 credit card|card payment money
🧾 receipt|bill invoice
✉️ envelope|mail letter email
📧 e-mail|email mail
📦 package|box parcel shipping
✏️ pencil|write edit
🖌️ paintbrush|paint art
📝 memo|note write todo
📁 file folder|folder directory
📂 open file folder|folder open
📅 calendar|date calendar
📈 chart increasing|graph up growth stonks
📉 chart decreasing|graph down loss
📊 bar chart|chart graph stats
📋 clipboard|clipboard list
📌 pushpin|pin pinned
📍 round pushpin|pin location
📎 paperclip|attachment clip
✂️ scissors|cut
🗑️ wastebasket|trash delete bin
🔒 locked|lock secure private
🔓 unlocked|unlock open
🔑 key|key password unlock
🔨 hammer|tool build
🛠️ hammer and wrench|tools build fix
🔧 wrench|tool fix settings
⚙️ gear|settings cog
🔗 link|link chain url
🧪 test tube|science lab experiment
🔬 microscope|science lab
🔭 telescope|space astronomy
💉 syringe|vaccine injection needle
💊 pill|medicine drug
🚪 door|door exit
🚽 toilet|toilet bathroom
🧸 teddy bear|toy bear
🪄 magic wand|magic wizard
🔮 crystal ball|fortune magic
💣 bomb|bomb explode
`,
  ],
  [
    'symbols',
    'Symbols',
    '❤️',
    `
❤️ red heart|love heart like
🧡 orange heart|love heart
💛 yellow heart|love heart
💚 green heart|love heart
💙 blue heart|love heart
💜 purple heart|love heart
🤎 brown heart|love heart
🖤 black heart|love heart
🤍 white heart|love heart
💔 broken heart|heartbreak sad
💕 two hearts|love hearts
💖 sparkling heart|love heart
💘 heart with arrow|love cupid
❤️‍🔥 heart on fire|love passion burn
❤️‍🩹 mending heart|healing recovery
💯 hundred points|100 perfect score keep it
💢 anger symbol|angry mad
💥 collision|boom bang crash
💫 dizzy|star dizzy
💦 sweat droplets|water splash
💨 dashing away|wind fast dash
💬 speech balloon|speech chat comment message
💭 thought balloon|thought think bubble
💤 zzz|sleep tired
☮️ peace symbol|peace
☯️ yin yang|balance
⚛️ atom symbol|science atom
☢️ radioactive|nuclear danger
⚠️ warning|caution alert danger
⛔ no entry|stop forbidden
🚫 prohibited|no forbidden banned
❌ cross mark|no wrong x cancel delete
⭕ hollow red circle|circle o
❗ red exclamation mark|exclamation important warning
❓ red question mark|question what
‼️ double exclamation mark|exclamation surprise
⁉️ exclamation question mark|interrobang what
✅ check mark button|done yes ok tick correct complete
☑️ check box with check|done checkbox yes
✔️ check mark|done yes ok tick correct
➕ plus|add plus
➖ minus|subtract minus
✖️ multiply|multiplication times x
♾️ infinity|forever infinite
™️ trade mark|trademark tm
©️ copyright|copyright
®️ registered|registered
♻️ recycling symbol|recycle environment
🆗 ok button|ok okay
🆕 new button|new fresh
🆒 cool button|cool
🆘 sos button|help emergency sos
🔴 red circle|red dot record
🟠 orange circle|orange dot
🟡 yellow circle|yellow dot
🟢 green circle|green dot online
🔵 blue circle|blue dot
🟣 purple circle|purple dot
⚫ black circle|black dot
⚪ white circle|white dot
🔺 red triangle pointed up|up triangle
🔻 red triangle pointed down|down triangle
▶️ play button|play start
⏸️ pause button|pause
⏩ fast-forward button|fast forward
⏪ fast reverse button|rewind
🔁 repeat button|repeat loop
🔀 shuffle tracks button|shuffle random
⬆️ up arrow|up arrow
⬇️ down arrow|down arrow
⬅️ left arrow|left arrow back
➡️ right arrow|right arrow next
↩️ right arrow curving left|back return reply
🔄 counterclockwise arrows button|refresh reload sync
`,
  ],
  [
    'flags',
    'Flags',
    '🏁',
    `
🏁 chequered flag|finish race checkered
🚩 triangular flag|flag red
🏳️ white flag|surrender flag
🏳️‍🌈 rainbow flag|pride lgbt gay
🏳️‍⚧️ transgender flag|trans pride
🏴‍☠️ pirate flag|pirate jolly roger
🇪🇺 flag: european union|eu europe
🇺🇸 flag: united states|usa america us
🇨🇦 flag: canada|ca canadian
🇲🇽 flag: mexico|mx mexican
🇧🇷 flag: brazil|br brasil
🇦🇷 flag: argentina|ar
🇬🇧 flag: united kingdom|uk britain england gb
🇮🇪 flag: ireland|ie irish
🇫🇷 flag: france|fr french
🇩🇪 flag: germany|de german deutschland
🇪🇸 flag: spain|es spanish espana
🇵🇹 flag: portugal|pt portuguese
🇮🇹 flag: italy|it italian
🇳🇱 flag: netherlands|nl dutch holland
🇧🇪 flag: belgium|be belgian
🇨🇭 flag: switzerland|ch swiss
🇦🇹 flag: austria|at austrian
🇸🇪 flag: sweden|se swedish
🇳🇴 flag: norway|no norwegian
🇩🇰 flag: denmark|dk danish
🇫🇮 flag: finland|fi finnish
🇵🇱 flag: poland|pl polish
🇬🇷 flag: greece|gr greek
🇹🇷 flag: turkey|tr turkish turkiye
🇺🇦 flag: ukraine|ua ukrainian
🇷🇺 flag: russia|ru russian
🇮🇱 flag: israel|il
🇿🇦 flag: south africa|za
🇮🇳 flag: india|in indian
🇨🇳 flag: china|cn chinese
🇯🇵 flag: japan|jp japanese
🇰🇷 flag: south korea|kr korean
🇦🇺 flag: australia|au aussie
🇳🇿 flag: new zealand|nz kiwi
`,
  ],
];

function parseCategory(id: EmojiCategoryId, text: string): EmojiEntry[] {
  const out: EmojiEntry[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const space = trimmed.indexOf(' ');
    const bar = trimmed.indexOf('|', space);
    const emoji = trimmed.slice(0, space);
    const name = bar < 0 ? trimmed.slice(space + 1) : trimmed.slice(space + 1, bar);
    const keywords = bar < 0 ? [] : trimmed.slice(bar + 1).split(' ').filter(Boolean);
    out.push({ emoji, name, keywords, category: id });
  }
  return out;
}

function buildCategories(): EmojiCategory[] {
  return RAW.map(([id, label, icon, text]) => ({ id, label, icon, emoji: parseCategory(id, text) }));
}

// Marked pure so a bundle that never reads them drops the whole table.
export const EMOJI_CATEGORIES: readonly EmojiCategory[] = /* @__PURE__ */ buildCategories();

export const ALL_EMOJI: readonly EmojiEntry[] = /* @__PURE__ */ EMOJI_CATEGORIES.flatMap((c) => c.emoji);

/** Variation selectors and skin-tone modifiers dropped, so "❤", "❤️" and "👍🏽" find their entry. */
function bare(emoji: string): string {
  return emoji.replace(/[\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, '');
}

let byEmoji: Map<string, EmojiEntry> | undefined;

export function findEmoji(emoji: string): EmojiEntry | undefined {
  if (!byEmoji) {
    byEmoji = new Map();
    for (const e of ALL_EMOJI) {
      byEmoji.set(e.emoji, e);
      if (!byEmoji.has(bare(e.emoji))) byEmoji.set(bare(e.emoji), e);
    }
  }
  return byEmoji.get(emoji) ?? byEmoji.get(bare(emoji));
}
