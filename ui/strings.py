"""Every text the app, the CLI and the reports show, in English and Ukrainian (key -> {"en": ..., "uk": ...}).

Read through :func:`teplovoda.ui.i18n.t`.

Keys are grouped by where they appear: ``app``/``auth``/``role`` (frame and sign-in), ``page``
(navigation), ``pick``/``form``/``results`` (shared page parts), ``water``/``heat``/``power``
(Scenario page sections), ``compare`` (Compare page), ``map``/``chart``/``col`` (charts and table
headers), ``unit``, ``kind``, ``case``, ``building``, ``error``, ``download``; ``cli`` (the ``teplovoda``
command's lines and its short table headers ``cli.col``), ``tel`` (``teplovoda telemetry``), ``report``
(comparison reports). Both languages use the same ``{placeholders}``.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # --- app frame, sign-in, roles ------------------------------------------------------------
    "app.title": {"en": "teplovoda: water and heat under damage", "uk": "teplovoda: вода і тепло під час пошкоджень"},
    "app.language": {"en": "Language", "uk": "Мова"},
    "auth.title": {"en": "Sign in", "uk": "Вхід"},
    "auth.name": {"en": "User name", "uk": "Ім'я користувача"},
    "auth.password": {"en": "Password", "uk": "Пароль"},
    "auth.sign_in": {"en": "Sign in", "uk": "Увійти"},
    "auth.sign_out": {"en": "Sign out", "uk": "Вийти"},
    "auth.failed": {"en": "Wrong user name or password.", "uk": "Неправильне ім'я користувача або пароль."},
    "auth.signed_in": {"en": "Signed in as {name} ({role})", "uk": "Ви увійшли як {name} ({role})"},
    "auth.open": {
        "en": "Open access: no users configured (TEPLOVODA_APP_USERS), for local use only.",
        "uk": "Відкритий доступ: користувачів не налаштовано (TEPLOVODA_APP_USERS), лише для локального використання.",
    },
    "auth.config_error": {
        "en": "The app's user configuration is wrong, so the app does not start: {message}",
        "uk": "Налаштування користувачів застосунку помилкові, тому застосунок не запускається: {message}",
    },
    "auth.no_pages": {"en": "No page is open to the role {role}.", "uk": "Для ролі «{role}» немає доступних сторінок."},
    "role.engineer": {"en": "engineer", "uk": "інженер"},
    "role.programme": {"en": "programme staff", "uk": "працівник програми"},
    "role.operator": {"en": "operator", "uk": "оператор"},
    # --- navigation -----------------------------------------------------------------------------
    "page.scenario": {"en": "Scenario", "uk": "Сценарій"},
    "page.compare": {"en": "Compare options", "uk": "Порівняння варіантів"},
    "page.live": {"en": "Live operations", "uk": "Оперативний моніторинг"},
    # --- picking a scenario ---------------------------------------------------------------------
    "pick.source": {"en": "Scenario", "uk": "Сценарій"},
    "pick.shipped": {"en": "Example scenarios", "uk": "Приклади сценаріїв"},
    "pick.upload": {"en": "Upload", "uk": "Завантажити"},
    "pick.kind": {"en": "Network", "uk": "Мережа"},
    "pick.scenario": {"en": "Example", "uk": "Приклад"},
    "pick.file": {"en": "File: {file}", "uk": "Файл: {file}"},
    "pick.none_shipped": {"en": "No example scenario of this kind.", "uk": "Прикладів сценаріїв цього типу немає."},
    "pick.upload_help": {
        "en": "A scenario file (.toml) together with the files it names (by bare name), or one EPANET network (.inp), "
        "which becomes a water scenario with default settings. The shipped networks (networks/..., heat_microdistrict/..., "
        "heat_town/...) can be referred to without uploading them.",
        "uk": "Файл сценарію (.toml) разом із файлами, на які він посилається (лише за назвою), або одна мережа EPANET (.inp), "
        "яка стає сценарієм водопостачання з типовими налаштуваннями. На мережі з комплекту (networks/..., "
        "heat_microdistrict/..., heat_town/...) можна посилатися без завантаження.",
    },
    "pick.upload_hint": {
        "en": "Choose a scenario (.toml) or an EPANET network (.inp) to upload.",
        "uk": "Виберіть файл сценарію (.toml) або мережу EPANET (.inp) для завантаження.",
    },
    "kind.water": {"en": "Water", "uk": "Водопостачання"},
    "kind.heat": {"en": "District heating", "uk": "Теплопостачання"},
    "kind.power": {"en": "Site power", "uk": "Електроживлення об'єкта"},
    "kind.compare": {"en": "Costed comparison", "uk": "Порівняння вартості"},
    # --- the edit form and results, shared ---------------------------------------------------------
    "form.title": {"en": "Parameters", "uk": "Параметри"},
    "form.run": {"en": "Run", "uk": "Розрахувати"},
    "form.damage": {"en": "Damage", "uk": "Пошкодження"},
    "form.damage_type": {"en": "Damage", "uk": "Пошкодження"},
    # damage types (models/damage.py): damage.<domain>.<kind> is the name, .help one line; the forms list them all
    "damage.intro": {"en": "One row per damaged element.", "uk": "Один рядок на пошкоджений елемент."},
    "damage.water.pipe_break": {"en": "pipe break", "uk": "розрив труби"},
    "damage.water.pipe_break.help": {
        "en": "a leak (opening in cm², position 0-1 along the pipe)",
        "uk": "витік (площа отвору в см², положення 0-1 уздовж труби)",
    },
    "damage.water.pipe_closed": {"en": "pipe closed", "uk": "труба закрита"},
    "damage.water.pipe_closed.help": {"en": "a pipe out of service", "uk": "труба виведена з роботи"},
    "damage.water.pump_lost": {"en": "pump lost", "uk": "насос втрачено"},
    "damage.water.pump_lost.help": {"en": "a pump without power", "uk": "насос без живлення"},
    "damage.water.source_lost": {"en": "source lost", "uk": "джерело втрачено"},
    "damage.water.source_lost.help": {"en": "a reservoir or tank lost", "uk": "втрачено резервуар або бак"},
    "damage.water.segment_isolated": {"en": "segment isolated", "uk": "ділянку відсічено"},
    "damage.water.segment_isolated.help": {"en": "the valves around a pipe closed", "uk": "закрито засувки навколо труби"},
    "damage.heat.source_lost": {"en": "heat source lost", "uk": "джерело тепла втрачено"},
    "damage.heat.source_lost.help": {"en": "a heat source struck", "uk": "джерело тепла зруйновано"},
    "damage.heat.pump_lost": {"en": "circulation pumps lost", "uk": "циркуляційні насоси втрачено"},
    "damage.heat.pump_lost.help": {
        "en": "its circulation pumps without power",
        "uk": "його циркуляційні насоси без живлення",
    },
    "damage.heat.source_derated": {"en": "source derated", "uk": "потужність джерела знижено"},
    "damage.heat.source_derated.help": {
        "en": "a source left with a share of its capacity (available fraction 0-1)",
        "uk": "джерело з частиною потужності (доступна частка 0-1)",
    },
    "damage.heat.pipe_closed": {"en": "route closed", "uk": "ділянку закрито"},
    "damage.heat.pipe_closed.help": {
        "en": "a route broken (supply and return closed)",
        "uk": "ділянку мережі пошкоджено (подача і зворот закриті)",
    },
    "form.element": {"en": "Element", "uk": "Елемент"},
    "form.options": {"en": "Recovery options to solve", "uk": "Варіанти відновлення для розрахунку"},
    "form.option": {"en": "Option", "uk": "Варіант"},
    "results.case": {"en": "Show", "uk": "Показати"},
    "results.vs_intact": {"en": "vs intact", "uk": "від непошкодженої"},
    "results.not_converged": {
        "en": "{case}: the hydraulics did not converge ({reason}); its numbers are not valid.",
        "uk": "{case}: гідравлічний розрахунок не зійшовся ({reason}); його результати недійсні.",
    },
    "results.no_damage": {"en": "No damage in this case.", "uk": "У цьому випадку пошкоджень немає."},
    "case.intact": {"en": "intact network", "uk": "непошкоджена мережа"},
    "case.damaged": {"en": "damaged, nothing done", "uk": "пошкоджена, без заходів"},
    "scenario.title": {"en": "Scenario", "uk": "Сценарій"},
    "scenario.intro": {
        "en": "Pick an example or upload your own, change damage and conditions, press Run: who has water or heat, "
        "and what the options change.",
        "uk": "Виберіть приклад або завантажте свій сценарій, змініть пошкодження та умови, натисніть «Розрахувати»: "
        "хто має воду чи тепло і що змінюють варіанти відновлення.",
    },
    "scenario.running_water": {
        "en": "Solving the water network (about a second)…",
        "uk": "Розрахунок водопровідної мережі (близько секунди)…",
    },
    "scenario.running_heat": {
        "en": "Solving the heating network, every case (1-4 s)…",
        "uk": "Розрахунок теплової мережі для всіх випадків (1-4 с)…",
    },
    "scenario.running_power": {
        "en": "Sizing the generator and simulating the blackout days hour by hour (about 20 s)…",
        "uk": "Підбір генератора та погодинне моделювання днів з відключеннями (близько 20 с)…",
    },
    # --- water ------------------------------------------------------------------------------------
    "water.demand_model": {"en": "Demand model", "uk": "Модель водоспоживання"},
    "water.model_pdd": {"en": "pressure-dependent (PDD)", "uk": "залежна від тиску (PDD)"},
    "water.model_dda": {"en": "demand-driven (EPANET classic)", "uk": "фіксоване споживання (класичний EPANET)"},
    "water.min_pressure_m": {"en": "No water below, m", "uk": "Без води нижче, м"},
    "water.required_pressure_m": {"en": "Full demand from, m", "uk": "Повне споживання від, м"},
    "water.population_total": {"en": "People served by the network", "uk": "Населення, яке обслуговує мережа"},
    "water.population_per_capita": {"en": "from demand, 200 L/person/day", "uk": "за споживанням, 200 л/особу/добу"},
    "water.leak_area_cm2": {"en": "Leak opening, cm²", "uk": "Площа отвору, см²"},
    "water.position": {"en": "Position along the pipe (0-1)", "uk": "Положення на трубі (0-1)"},
    "water.discharge_coefficient": {"en": "Discharge coefficient", "uk": "Коефіцієнт витрати"},
    "water.option_pipes_help": {
        "en": "Temporary pipes the options lay: change their length, diameter or Hazen-Williams C.",
        "uk": "Тимчасові трубопроводи варіантів: можна змінити довжину, діаметр або коефіцієнт Гейзена-Вільямса C.",
    },
    "water.pipe": {"en": "Pipe", "uk": "Труба"},
    "water.from_junction": {"en": "From", "uk": "Від вузла"},
    "water.to_junction": {"en": "To", "uk": "До вузла"},
    "water.length_m": {"en": "Length, m", "uk": "Довжина, м"},
    "water.diameter_m": {"en": "Diameter, m", "uk": "Діаметр, м"},
    "water.hazen_williams_c": {"en": "Hazen-Williams C", "uk": "Коефіцієнт C (Гейзен-Вільямс)"},
    "water.headline": {"en": "Water service: {case}", "uk": "Водопостачання: {case}"},
    "water.people_without": {"en": "Without water", "uk": "Без води"},
    "water.people_without_help": {
        "en": "People at nodes that get at most 1 % of their demand.",
        "uk": "Люди у вузлах, які отримують не більше 1 % потреби.",
    },
    "water.people_partial": {"en": "Partly served", "uk": "Частково забезпечені"},
    "water.people_full": {"en": "Fully served", "uk": "Повністю забезпечені"},
    "water.of_total": {"en": "of {total}", "uk": "із {total}"},
    "water.unserved": {"en": "Water not delivered", "uk": "Недопостачена вода"},
    "water.leak": {"en": "Leak outflow", "uk": "Витік"},
    "water.min_pressure": {"en": "Lowest pressure at a demand node", "uk": "Найнижчий тиск у вузлі споживання"},
    "water.first_tank_empty": {"en": "First tank empty in", "uk": "Перший бак спорожніє через"},
    "water.nodes_without": {"en": "Nodes without water", "uk": "Вузлів без води"},
    "water.by_case": {"en": "People by water service, every case", "uk": "Населення за рівнем водопостачання, усі випадки"},
    "water.class_full": {"en": "fully served", "uk": "повністю"},
    "water.class_partial": {"en": "partly served", "uk": "частково"},
    "water.class_without": {"en": "without water", "uk": "без води"},
    "water.map": {"en": "Pressure map: {case}", "uk": "Карта тиску: {case}"},
    "water.map_help": {
        "en": "Colour: pressure (m of head). Black: no water. Red: damage (dashed: closed). Grey dashed: closed by operation. "
        "Drag to pan, scroll to zoom, hover for values.",
        "uk": "Колір: тиск (м напору). Чорний: немає води. Червоний: пошкодження (штрих: закрито). Сірий штрих: закрито "
        "оператором. Перетягуйте для зсуву, прокручуйте для масштабу, наведіть для значень.",
    },
    "water.tab_zones": {"en": "Pressure zones", "uk": "Зони тиску"},
    "water.tab_tanks": {"en": "Tanks", "uk": "Баки"},
    "water.tab_damage": {"en": "Damage applied", "uk": "Застосовані пошкодження"},
    "water.tab_nodes": {"en": "All nodes", "uk": "Усі вузли"},
    "water.tanks_help": {
        "en": "Hours until each draining tank reaches its minimum level at this snapshot's outflow.",
        "uk": "Години до спорожнення кожного бака до мінімального рівня за поточної витрати.",
    },
    "water.no_tanks": {"en": "No tanks in this network.", "uk": "У цій мережі немає баків."},
    # water over time: the extended-period simulation ([simulation] of a water scenario)
    "water.eps_title": {"en": "Over time: {duration}, hour by hour", "uk": "У часі: {duration}, погодинно"},
    "water.eps_help": {
        "en": "EPANET's extended-period simulation: the network's own demand patterns and controls, tanks filling and "
        "draining, pumps switching. In an hour, people at a node are fully served with at least {full} of the hour's "
        "demand and without water with at most {none}.",
        "uk": "Розрахунок EPANET на тривалий період: власні графіки водоспоживання та керування мережі, баки "
        "наповнюються і спорожнюються, насоси вмикаються й вимикаються. За годину люди у вузлі повністю забезпечені, "
        "якщо отримують щонайменше {full} потреби цієї години, і без води, якщо не більше {none}.",
    },
    "water.eps_not_converged": {
        "en": "{case}: the extended-period simulation stopped ({reason}); the hours after that are not valid.",
        "uk": "{case}: розрахунок на тривалий період зупинився ({reason}); години після цього недійсні.",
    },
    "water.eps_people_chart": {
        "en": "People with water hour by hour, every case (solid: fully or partly served; dashed: fully served)",
        "uk": "Населення з водою погодинно, усі випадки (суцільна: повністю або частково; штрих: повністю)",
    },
    "water.class_with_water": {"en": "fully or partly served", "uk": "повністю або частково"},
    "water.eps_hour": {"en": "Hour from the start", "uk": "Година від початку"},
    "water.eps_people": {"en": "People with water", "uk": "Осіб з водою"},
    "water.eps_pumps_off": {"en": "pumps without power", "uk": "насоси без живлення"},
    "water.eps_tank_case": {"en": "Tank levels of", "uk": "Рівні в баках для випадку"},
    "water.eps_tanks": {"en": "Tank levels: {case}", "uk": "Рівні в баках: {case}"},
    "water.eps_level_m": {"en": "Level at the hour's end, m", "uk": "Рівень наприкінці години, м"},
    "water.eps_totals": {"en": "Totals over {duration}, every case", "uk": "Підсумки за {duration}, усі випадки"},
    "water.eps_zones": {
        "en": "Hour each zone first runs dry (at most {none} of its demand)",
        "uk": "Година, коли зона вперше залишається без води (не більше {none} потреби)",
    },
    "water.eps_no_zones": {"en": "No zones in this network.", "uk": "У цій мережі немає зон."},
    # --- heat -------------------------------------------------------------------------------------
    "heat.outdoor_temp_c": {"en": "Outdoor temperature", "uk": "Температура зовнішнього повітря"},
    "heat.outdoor_help": {
        "en": "Heat demand scales with indoor minus outdoor temperature; design loads hold at {design} °C.",
        "uk": "Теплове навантаження пропорційне різниці внутрішньої та зовнішньої температур; розрахункове — при {design} °C.",
    },
    "heat.available_fraction": {"en": "Available fraction (0-1)", "uk": "Доступна частка (0-1)"},
    "heat.option_sources_help": {
        "en": "Heat sources the options bring: change their kind or capacity.",
        "uk": "Джерела тепла варіантів: можна змінити тип або потужність.",
    },
    "heat.source": {"en": "Source", "uk": "Джерело"},
    "heat.kind": {"en": "Kind", "uk": "Тип"},
    "heat.node": {"en": "Node", "uk": "Вузол"},
    "heat.capacity_kw": {"en": "Capacity, kW", "uk": "Потужність, кВт"},
    "heat.headline": {"en": "Heat at {outdoor}: {case}", "uk": "Тепло при {outdoor}: {case}"},
    "heat.people_heated": {"en": "Kept warm", "uk": "Мають тепло"},
    "heat.people_heated_help": {
        "en": "People in buildings receiving at least 95 % of the heat they need.",
        "uk": "Люди в будинках, які отримують щонайменше 95 % потрібного тепла.",
    },
    "heat.people_underheated": {"en": "Underheated", "uk": "Недогріті"},
    "heat.people_without": {"en": "Without heat", "uk": "Без тепла"},
    "heat.first_below_12c": {"en": "First building below 12 °C in", "uk": "Охолоне до 12 °C через"},
    "heat.first_below_12c_help": {
        "en": "Cool-down of the coldest building if nothing changes.",
        "uk": "Коли перший (найхолодніший) будинок охолоне нижче 12 °C, якщо нічого не змінити.",
    },
    "heat.delivered": {"en": "Heat delivered", "uk": "Доставлене тепло"},
    "heat.of_demand": {"en": "Demand {demand}", "uk": "Потреба {demand}"},
    "heat.production": {"en": "Heat produced", "uk": "Вироблене тепло"},
    "heat.losses_line": {
        "en": "Demand at this temperature {demand}; network losses {losses} ({pct} of production); circulation pumps {pumps}.",
        "uk": "Потреба за цієї температури {demand}; втрати в мережі {losses} ({pct} виробництва); циркуляційні насоси {pumps}.",
    },
    "heat.freeze_risk": {"en": "Buildings at risk of freezing", "uk": "Під загрозою замерзання"},
    "heat.freeze_risk_help": {
        "en": "Buildings that would fall below 0 °C if nothing changes.",
        "uk": "Кількість будинків, де температура впаде нижче 0 °C, якщо нічого не змінити.",
    },
    "heat.by_case": {"en": "People by heat, every case", "uk": "Населення за рівнем теплопостачання, усі випадки"},
    "heat.class_heated": {"en": "kept warm", "uk": "мають тепло"},
    "heat.class_underheated": {"en": "underheated", "uk": "недогріті"},
    "heat.class_without": {"en": "without heat", "uk": "без тепла"},
    "heat.map": {"en": "Supply temperature map: {case}", "uk": "Карта температури подачі: {case}"},
    "heat.map_help": {
        "en": "Colour: supply temperature. Black: no heat or no circulation. Red dashed: closed (damage or island cut). "
        "Stars: heat sources (red: out). Drag to pan, scroll to zoom, hover for values.",
        "uk": "Колір: температура подачі. Чорний: немає тепла або циркуляції. Червоний штрих: закрито (пошкодження або "
        "межа острова). Зірки: джерела тепла (червоні: не працюють). Перетягуйте, прокручуйте, наводьте для значень.",
    },
    "heat.tab_sources": {"en": "Heat sources", "uk": "Джерела тепла"},
    "heat.tab_coldest": {"en": "Coldest buildings", "uk": "Найхолодніші будинки"},
    "heat.tab_per_building": {"en": "Heat per building", "uk": "Тепло за будинками"},
    "heat.tab_buildings": {"en": "All buildings", "uk": "Усі будинки"},
    "heat.kw": {"en": "kW", "uk": "кВт"},
    "heat.demand_kw": {"en": "Demand, kW", "uk": "Потреба, кВт"},
    "heat.delivered_kw": {"en": "Delivered, kW", "uk": "Доставлено, кВт"},
    "building.apartment_block": {"en": "apartment block", "uk": "житловий будинок"},
    "building.school": {"en": "school", "uk": "школа"},
    "building.kindergarten": {"en": "kindergarten", "uk": "дитячий садок"},
    "building.hospital": {"en": "hospital", "uk": "лікарня"},
    "building.other": {"en": "other", "uk": "інше"},
    # --- site power -------------------------------------------------------------------------------
    "power.grid_off_hours": {"en": "Hours without grid power", "uk": "Години без електропостачання"},
    "power.grid_off_help": {
        "en": "The blackout timetable: the hours of the day the grid is off (the same every day).",
        "uk": "Графік відключень: години доби без мережі (щодня однаково).",
    },
    "power.days": {"en": "Days simulated", "uk": "Днів моделювання"},
    "power.manual_kva": {"en": "Generator on offer, kVA", "uk": "Запропонований генератор, кВА"},
    "power.manual_kva_help": {
        "en": "A set someone chose or was offered, to check (0: none).",
        "uk": "Генератор, який обрали або запропонували, для перевірки (0: немає).",
    },
    "power.fuel_tank_l": {"en": "Fuel tank, L", "uk": "Паливний бак, л"},
    "power.ambient_temp_c": {"en": "Ambient temperature, °C", "uk": "Температура довкілля, °C"},
    "power.motors_help": {
        "en": "Pump motors: change a rating or the starting method (dol, star_delta, soft_starter, vfd).",
        "uk": "Двигуни насосів: можна змінити потужність або спосіб пуску (dol, star_delta, soft_starter, vfd).",
    },
    "power.motor": {"en": "Motor", "uk": "Двигун"},
    "power.pump": {"en": "Pump", "uk": "Насос"},
    "power.rated_kw": {"en": "Rated, kW", "uk": "Номінальна, кВт"},
    "power.starting": {"en": "Starting", "uk": "Пуск"},
    "power.headline": {
        "en": "Generator, fuel and water through the blackouts",
        "uk": "Генератор, паливо і вода під час відключень",
    },
    "power.recommended": {"en": "Recommended generator", "uk": "Рекомендований генератор"},
    "power.recommended_help": {
        "en": "The smallest standard set that carries the running load with margin ({running}) and starts {motor} "
        "within the voltage-dip limit ({start}).",
        "uk": "Найменший стандартний агрегат, що несе робоче навантаження із запасом ({running}) і запускає {motor} "
        "в межах допустимого просідання напруги ({start}).",
    },
    "power.chosen": {"en": "Set on offer, {kva}", "uk": "Запропонований агрегат, {kva}"},
    "power.passes": {"en": "passes", "uk": "підходить"},
    "power.fails": {"en": "fails", "uk": "не підходить"},
    "power.needs": {"en": "The site needs {needed}; short by {short}.", "uk": "Об'єкту потрібно {needed}; бракує {short}."},
    "power.running_load": {"en": "Site running load", "uk": "Робоче навантаження об'єкта"},
    "power.fuel_per_day": {"en": "Diesel a day", "uk": "Дизпаливо на добу"},
    "power.fuel_help": {
        "en": "{rate} at the running load, {hours} generator hours a day on this timetable.",
        "uk": "{rate} при робочому навантаженні, {hours} год роботи генератора на добу за цим графіком.",
    },
    "power.tank_autonomy": {"en": "Tank lasts (running)", "uk": "Бака вистачить (у роботі)"},
    "power.hours_with": {"en": "Water a day, with the generator", "uk": "Вода на добу, з генератором"},
    "power.hours_without": {"en": "Water a day, without", "uk": "Вода на добу, без генератора"},
    "power.people_with": {"en": "People served, with it", "uk": "Забезпечено з генератором"},
    "power.people_without": {"en": "People served, without", "uk": "Забезпечено без генератора"},
    "power.people_help": {
        "en": "Daily mean of the people-equivalent served (delivered over required water, per person).",
        "uk": "Середнє за добу число забезпечених (еквівалент осіб: подана вода до потрібної, на особу).",
    },
    "power.worst_hour": {"en": "Worst hour: {people}", "uk": "Найгірша година: {people}"},
    "power.day_chart": {
        "en": "People with water over the day (grid off: shaded)",
        "uk": "Населення з водою протягом доби (без мережі: затінено)",
    },
    "power.with_generator": {"en": "with the generator", "uk": "з генератором"},
    "power.without_generator": {"en": "without a generator", "uk": "без генератора"},
    "power.hour": {"en": "Hour of the day", "uk": "Година доби"},
    "power.people_served": {"en": "People served (people-equivalent)", "uk": "Забезпечено (еквівалент осіб)"},
    "power.grid_off": {"en": "grid off", "uk": "мережа відключена"},
    "power.tab_motors": {"en": "Motors", "uk": "Двигуни"},
    "power.tab_candidates": {"en": "Generator sizes tried", "uk": "Перевірені потужності генератора"},
    "power.tab_hourly": {"en": "Hour by hour", "uk": "Погодинно"},
    "power.tab_network": {"en": "Water network", "uk": "Водопровідна мережа"},
    "power.network_help": {
        "en": "The station's water network with every pump running (the motors' duty points).",
        "uk": "Водопровідна мережа станції з усіма насосами в роботі (робочі точки двигунів).",
    },
    "power.pass": {"en": "pass", "uk": "підходить"},
    "power.dip_too_deep": {"en": "start dip too deep", "uk": "завелике просідання при пуску"},
    "power.load_too_high": {"en": "running load too high", "uk": "завелике робоче навантаження"},
    # --- compare ----------------------------------------------------------------------------------
    "compare.title": {"en": "Compare recovery options", "uk": "Порівняння варіантів відновлення"},
    "compare.intro": {
        "en": "Which option gives the most people heat or water for the money: the answer first, then the table, "
        "charts and the full report.",
        "uk": "Який варіант забезпечує теплом чи водою найбільше людей за ці гроші: спершу відповідь, далі таблиця, "
        "графіки та повний звіт.",
    },
    "compare.running": {
        "en": "Costing the options (heat: about a second; generators and cogeneration: about 35 s, their blackout days are "
        "simulated hour by hour)…",
        "uk": "Розрахунок вартості варіантів (тепло: близько секунди; генератори та когенерація: близько 35 с, дні з "
        "відключеннями моделюються погодинно)…",
    },
    "compare.assumptions": {
        "en": "Assumptions: {years} years, {rate} % discount rate, prices of {year}; change them",
        "uk": "Припущення: {years} років, ставка дисконтування {rate} %, ціни {year} року; змінити",
    },
    "compare.horizon_years": {"en": "Years costed", "uk": "Років у розрахунку"},
    "compare.discount_rate_pct": {"en": "Discount rate, %", "uk": "Ставка дисконтування, %"},
    "compare.full_load_hours": {"en": "Heating season, full-load hours", "uk": "Опалювальний сезон, години повного навантаження"},
    "compare.full_load_hours_help": {
        "en": "Annual heat = each building's delivered share x its design load x these hours.",
        "uk": "Річне тепло = доставлена частка кожного будинку x його розрахункове навантаження x ці години.",
    },
    "compare.prices_help": {"en": "Fuel prices, in the currency of their source.", "uk": "Ціни на паливо, у валюті джерела."},
    "compare.fuel": {"en": "Fuel", "uk": "Паливо"},
    "compare.price": {"en": "Price", "uk": "Ціна"},
    "compare.per_unit": {"en": "per", "uk": "за"},
    "compare.currency": {"en": "Currency", "uk": "Валюта"},
    "compare.price_year": {"en": "Price year", "uk": "Рік ціни"},
    "compare.source": {"en": "Source", "uk": "Джерело"},
    "compare.do_nothing": {"en": "do nothing", "uk": "нічого не робити"},
    "compare.recalculate": {"en": "Recalculate", "uk": "Перерахувати"},
    "compare.money": {"en": "EUR {amount}", "uk": "{amount} євро"},
    "compare.best_heat": {
        "en": "Best value: **{option}** restores heat to {people} at {cost} per person per year.",
        "uk": "Найвигідніше: **{option}** повертає тепло для {people} за {cost} на особу на рік.",
    },
    "compare.best_water": {
        "en": "Best value: **{option}** gives water to {people} more than doing nothing, at {cost} per person per year.",
        "uk": "Найвигідніше: **{option}** дає воду ще для {people} порівняно з бездіяльністю, за {cost} на особу на рік.",
    },
    "compare.best_services": {
        "en": "Best value: **{option}** keeps {heated} warm and gives {water} water ({hours} h of full service a day), "
        "at {cost} per person-service per year.",
        "uk": "Найвигідніше: **{option}** зберігає тепло для {heated} і дає воду для {water} ({hours} год повного "
        "водопостачання на добу) за {cost} на особо-послугу на рік.",
    },
    "compare.no_option": {
        "en": "No option meets the requirements: see why below.",
        "uk": "Жоден варіант не відповідає вимогам: причини нижче.",
    },
    "compare.fails_because": {
        "en": "**{option}** does not meet the requirements: {why}",
        "uk": "**{option}** не відповідає вимогам: {why}",
    },
    "compare.how_to_read": {
        "en": "Costs are present values in EUR of {year} over {years} years at a {rate} % discount rate. Cost {per} per "
        "year is the total cost spread evenly over the years, divided by the people served.",
        "uk": "Витрати: приведена вартість у євро {year} року за {years} років зі ставкою дисконтування {rate} %. Вартість "
        "{per} на рік: загальні витрати, рівномірно розподілені за роками та поділені на кількість забезпечених людей.",
    },
    "compare.per_person": {"en": "per person", "uk": "на особу"},
    "compare.per_person_service": {"en": "per person-service", "uk": "на особо-послугу"},
    "compare.cost_axis": {"en": "EUR {per} per year", "uk": "євро {per} на рік"},
    "compare.chart_cost": {"en": "Cost per person served per year", "uk": "Вартість на забезпечену особу на рік"},
    "compare.chart_co2": {"en": "CO2 per year", "uk": "CO2 на рік"},
    "compare.chart_pareto": {"en": "Total cost against people served", "uk": "Загальні витрати проти кількості забезпечених"},
    "compare.pareto_help": {
        "en": "Stars: no other option is both cheaper and serves more people.",
        "uk": "Зірки: жоден інший варіант не є водночас дешевшим і кориснішим для більшої кількості людей.",
    },
    "compare.meets": {"en": "meets the requirements", "uk": "відповідає вимогам"},
    "compare.fails": {"en": "fails a requirement", "uk": "не відповідає вимогам"},
    "compare.nobody_added": {"en": " nobody served", "uk": " нікого не забезпечено"},
    "compare.option": {"en": "Option", "uk": "Варіант"},
    "compare.verdict": {"en": "Requirements", "uk": "Вимоги"},
    "compare.npc_meur": {"en": "Total cost over the horizon, million EUR", "uk": "Загальні витрати за період, млн євро"},
    "compare.pareto": {"en": "Best trade-off", "uk": "Найкращий компроміс"},
    "compare.pareto_yes": {"en": "best trade-off", "uk": "найкращий компроміс"},
    "compare.pareto_no": {"en": "other", "uk": "інші"},
    "compare.co2_t_per_year": {"en": "CO2, t per year", "uk": "CO2, т на рік"},
    "compare.detail": {"en": "Engineering and cost detail", "uk": "Інженерні та вартісні деталі"},
    "compare.sources": {"en": "Where every cost figure comes from", "uk": "Звідки кожна цифра витрат"},
    "compare.downloads": {"en": "Report", "uk": "Звіт"},
    # --- charts and maps --------------------------------------------------------------------------
    "chart.people": {"en": "People", "uk": "Осіб"},
    "chart.case": {"en": "Case", "uk": "Випадок"},
    "chart.class": {"en": "Service", "uk": "Обслуговування"},
    "map.pressure_m": {"en": "Pressure, m", "uk": "Тиск, м"},
    "map.supply_temp_c": {"en": "Supply temperature, °C", "uk": "Температура подачі, °C"},
    "map.link": {"en": "Pipe", "uk": "Труба"},
    "map.route": {"en": "Route", "uk": "Ділянка"},
    "map.state": {"en": "State", "uk": "Стан"},
    "map.link_open": {"en": "in service", "uk": "у роботі"},
    "map.link_dry": {"en": "no water", "uk": "без води"},
    "map.link_closed": {"en": "closed by operation", "uk": "закрито оператором"},
    "map.link_damaged": {"en": "damaged", "uk": "пошкоджено"},
    "map.route_open": {"en": "in service", "uk": "у роботі"},
    "map.route_no_flow": {"en": "no circulation", "uk": "немає циркуляції"},
    "map.route_closed": {"en": "closed (damage or island cut)", "uk": "закрито (пошкодження або межа острова)"},
    "map.node": {"en": "Node", "uk": "Вузол"},
    "map.service": {"en": "Service", "uk": "Обслуговування"},
    "map.service_full": {"en": "full", "uk": "повне"},
    "map.service_partial": {"en": "partial", "uk": "часткове"},
    "map.service_none": {"en": "no water", "uk": "без води"},
    "map.people": {"en": "People", "uk": "Осіб"},
    "map.delivered_m3_per_h": {"en": "Delivered, m³/h", "uk": "Подано, м³/год"},
    "map.required_m3_per_h": {"en": "Required, m³/h", "uk": "Потрібно, м³/год"},
    "map.break": {"en": "break", "uk": "порив"},
    "map.damage": {"en": "Damage", "uk": "Пошкодження"},
    "map.lost": {"en": "lost", "uk": "втрачено"},
    "map.out": {"en": "out", "uk": "не працює"},
    "map.source": {"en": "Source", "uk": "Джерело"},
    "map.kind": {"en": "Kind", "uk": "Тип"},
    "map.reservoir": {"en": "reservoir", "uk": "резервуар"},
    "map.tank": {"en": "tank", "uk": "бак"},
    "map.pump": {"en": "pump", "uk": "насос"},
    "map.pump_running": {"en": "running", "uk": "працює"},
    "map.pump_off": {"en": "off", "uk": "вимкнено"},
    "map.pump_lost": {"en": "no power", "uk": "без живлення"},
    "map.building": {"en": "Building", "uk": "Будинок"},
    "map.heat_pct": {"en": "Heat received, %", "uk": "Отримано тепла, %"},
    "map.hours_to_12c": {"en": "Below 12 °C in, h", "uk": "Нижче 12 °C через, год"},
    "map.flow_m3_per_h": {"en": "Flow, m³/h", "uk": "Витрата, м³/год"},
    "map.diameter_mm": {"en": "Diameter, mm", "uk": "Діаметр, мм"},
    # --- table headers ----------------------------------------------------------------------------
    "col.zone": {"en": "Zone", "uk": "Зона"},
    "col.nodes": {"en": "Nodes", "uk": "Вузлів"},
    "col.node": {"en": "Node", "uk": "Вузол"},
    "col.people": {"en": "People", "uk": "Осіб"},
    "col.min_pressure_m": {"en": "Lowest pressure, m", "uk": "Найнижчий тиск, м"},
    "col.lowest_node": {"en": "Lowest node", "uk": "Найнижчий вузол"},
    "col.people_without": {"en": "People without water", "uk": "Осіб без води"},
    "col.served_pct": {"en": "Served, %", "uk": "Забезпечено, %"},
    "col.tank": {"en": "Tank", "uk": "Бак"},
    "col.usable_volume_m3": {"en": "Usable volume, m³", "uk": "Корисний об'єм, м³"},
    "col.outflow_m3_per_h": {"en": "Outflow, m³/h", "uk": "Витрата з бака, м³/год"},
    "col.hours_to_empty_h": {"en": "Empty in, h", "uk": "Спорожніє через, год"},
    "col.element": {"en": "Element", "uk": "Елемент"},
    "col.element_type": {"en": "Element type", "uk": "Тип елемента"},
    "col.damage": {"en": "Damage", "uk": "Пошкодження"},
    "col.detail": {"en": "Detail", "uk": "Подробиці"},
    "col.type": {"en": "Type", "uk": "Тип"},
    "col.pressure_m": {"en": "Pressure, m", "uk": "Тиск, м"},
    "col.required_m3_per_h": {"en": "Required, m³/h", "uk": "Потрібно, м³/год"},
    "col.delivered_m3_per_h": {"en": "Delivered, m³/h", "uk": "Подано, м³/год"},
    "col.leak_m3_per_h": {"en": "Leak, m³/h", "uk": "Витік, м³/год"},
    "col.service": {"en": "Service", "uk": "Обслуговування"},
    "col.source": {"en": "Source", "uk": "Джерело"},
    "col.kind": {"en": "Kind", "uk": "Тип"},
    "col.role": {"en": "Role", "uk": "Роль"},
    "col.capacity_kw": {"en": "Capacity, kW", "uk": "Потужність, кВт"},
    "col.heat_kw": {"en": "Heat, kW", "uk": "Тепло, кВт"},
    "col.gcal_per_h": {"en": "Heat, Gcal/h", "uk": "Тепло, Гкал/год"},
    "col.supply_temp_c": {"en": "Supply, °C", "uk": "Подача, °C"},
    "col.return_temp_c": {"en": "Return, °C", "uk": "Зворот, °C"},
    "col.fuel_per_day": {"en": "Fuel per day", "uk": "Паливо на добу"},
    "col.pump_power_kw": {"en": "Pumps, kW", "uk": "Насоси, кВт"},
    "col.building": {"en": "Building", "uk": "Будинок"},
    "col.heat_pct": {"en": "Heat received, %", "uk": "Отримано тепла, %"},
    "col.hours_to_12c_h": {"en": "Below 12 °C in, h", "uk": "Нижче 12 °C через, год"},
    "col.hours_to_0c_h": {"en": "Below 0 °C in, h", "uk": "Нижче 0 °C через, год"},
    "col.demand_kw": {"en": "Demand, kW", "uk": "Потреба, кВт"},
    "col.delivered_kw": {"en": "Delivered, kW", "uk": "Доставлено, кВт"},
    "col.motor": {"en": "Motor", "uk": "Двигун"},
    "col.pump": {"en": "Pump", "uk": "Насос"},
    "col.flow_m3_per_h": {"en": "Flow, m³/h", "uk": "Подача, м³/год"},
    "col.head_m": {"en": "Head, m", "uk": "Напір, м"},
    "col.running_kw": {"en": "Running, kW", "uk": "Робоча, кВт"},
    "col.rated_kw": {"en": "Rated, kW", "uk": "Номінальна, кВт"},
    "col.starting": {"en": "Starting", "uk": "Пуск"},
    "col.starting_kva": {"en": "Starting, kVA", "uk": "Пускова, кВА"},
    "col.overloaded": {"en": "Overloaded", "uk": "Перевантажено"},
    "col.kva": {"en": "Generator, kVA", "uk": "Генератор, кВА"},
    "col.usable_kw": {"en": "Usable, kW", "uk": "Доступно, кВт"},
    "col.worst_start": {"en": "Worst start", "uk": "Найважчий пуск"},
    "col.start_dip_pct": {"en": "Voltage dip, %", "uk": "Просідання напруги, %"},
    "col.result": {"en": "Result", "uk": "Результат"},
    "col.option": {"en": "Option", "uk": "Варіант"},
    "col.people_heated": {"en": "People kept warm", "uk": "Осіб з теплом"},
    "col.people_with_water": {"en": "People with water", "uk": "Осіб з водою"},
    "col.water_hours": {"en": "Water, h/day", "uk": "Вода, год/добу"},
    "col.person_services_added": {"en": "Person-services added", "uk": "Додано людино-послуг"},
    "col.people_served": {"en": "People with water", "uk": "Осіб з водою"},
    "col.people_added": {"en": "People added", "uk": "Додано осіб"},
    "col.generator_kva": {"en": "Generator, kVA", "uk": "Генератор, кВА"},
    "col.cost_per_person_year_eur": {"en": "EUR per person per year", "uk": "Євро на особу на рік"},
    "col.npc_eur": {"en": "Total cost (present value), EUR", "uk": "Загальні витрати (приведені), євро"},
    "col.capex_eur": {"en": "Investment, EUR", "uk": "Інвестиції, євро"},
    "col.co2_t_per_year": {"en": "CO2, t/year", "uk": "CO2, т/рік"},
    "col.fuel_use": {"en": "Fuel", "uk": "Паливо"},
    "col.fuel_logistics": {"en": "Deliveries", "uk": "Доставки"},
    "col.verdict": {"en": "Requirements", "uk": "Вимоги"},
    "col.why_not": {"en": "Why not", "uk": "Чому ні"},
    "col.rank": {"en": "Rank", "uk": "Місце"},
    "col.case": {"en": "Case", "uk": "Випадок"},
    "col.person_hours_without": {"en": "Person-hours without water", "uk": "Людино-години без води"},
    "col.people_without_max": {"en": "Most people without water at once", "uk": "Найбільше осіб без води одночасно"},
    "col.first_zone_dry": {"en": "First zone dry after", "uk": "Перша зона без води через"},
    "col.pump_energy": {"en": "Pump energy", "uk": "Енергія насосів"},
    "col.pump_specific_energy": {"en": "Pump energy per m³ pumped", "uk": "Енергія насосів на 1 м³"},
    "col.pump_energy_cost": {"en": "Pump energy cost", "uk": "Вартість енергії насосів"},
    # --- units --------------------------------------------------------------------------------------
    "unit.people": {"en": "people", "uk": "осіб"},
    "unit.m": {"en": "m", "uk": "м"},
    "unit.m3_per_h": {"en": "m³/h", "uk": "м³/год"},
    "unit.m3_per_day": {"en": "m³/day", "uk": "м³/добу"},
    "unit.kw": {"en": "kW", "uk": "кВт"},
    "unit.gcal_per_h": {"en": "Gcal/h", "uk": "Гкал/год"},
    "unit.kva": {"en": "kVA", "uk": "кВА"},
    "unit.h": {"en": "h", "uk": "год"},
    "unit.pct": {"en": "%", "uk": "%"},
    "unit.degc": {"en": "°C", "uk": "°C"},
    "unit.l": {"en": "L", "uk": "л"},
    "unit.l_per_h": {"en": "L/h", "uk": "л/год"},
    "unit.eur": {"en": "EUR", "uk": "євро"},
    "unit.never": {"en": "never", "uk": "ніколи"},
    "unit.kwh": {"en": "kWh", "uk": "кВт·год"},
    "unit.kwh_per_m3": {"en": "kWh/m³", "uk": "кВт·год/м³"},
    "unit.person_h": {"en": "person-h", "uk": "люд.-год"},
    # --- errors and downloads -------------------------------------------------------------------
    "error.input": {"en": "Error: {message}", "uk": "Помилка: {message}"},
    "error.internal": {
        "en": "Internal error ({kind}): {message}. The details are in the server log.",
        "uk": "Внутрішня помилка ({kind}): {message}. Подробиці в журналі сервера.",
    },
    "download.csv": {"en": "Table (CSV)", "uk": "Таблиця (CSV)"},
    "download.xlsx": {"en": "Workbook (XLSX)", "uk": "Книга Excel (XLSX)"},
    "download.html": {"en": "Report (HTML)", "uk": "Звіт (HTML)"},
    "download.sources_csv": {"en": "Cost sources (CSV)", "uk": "Джерела витрат (CSV)"},
    "download.hourly_csv": {"en": "Hour by hour (CSV)", "uk": "Погодинно (CSV)"},
    "download.tank_levels_csv": {"en": "Tank levels (CSV)", "uk": "Рівні в баках (CSV)"},
    # --- Live page (operators): tiles, fuel, charts, alerts, model vs measured ---------------------
    "live.title": {"en": "Sites live", "uk": "Об'єкти наживо"},
    "live.intro": {
        "en": "Are the pumps running, where is pressure low, how many hours of diesel are left, which site "
        "went quiet. Refreshes itself.",
        "uk": "Чи працюють насоси, де падає тиск, на скільки годин вистачить дизеля, який об'єкт замовк. Оновлюється сама.",
    },
    "live.no_influx": {
        "en": "Cannot reach InfluxDB at {url}: {reason}",
        "uk": "Немає зв'язку з InfluxDB за адресою {url}: {reason}",
    },
    "live.how_to_start": {
        "en": "Start the broker, the database, the ingest service and the simulator with one command in the "
        "teplovoda directory (the other pages work without them):",
        "uk": "Запустіть брокер, базу даних, прийом даних і симулятор однією командою в каталозі teplovoda "
        "(інші сторінки працюють і без них):",
    },
    "live.no_broker": {
        "en": "Cannot reach the MQTT broker at {address} ({reason}): data is shown but alerts cannot be acknowledged.",
        "uk": "Немає зв'язку з MQTT-брокером {address} ({reason}): дані показано, але підтвердити тривогу неможливо.",
    },
    "live.range": {"en": "Range", "uk": "Період"},
    "live.chart_kind": {"en": "Equipment to chart", "uk": "Обладнання на графіку"},
    "live.chart_field": {"en": "Quantity", "uk": "Величина"},
    "live.refresh": {"en": "Refresh", "uk": "Оновлення"},
    "live.grid_on": {"en": "grid on", "uk": "мережа є"},
    "live.grid_off": {"en": "grid off", "uk": "мережі немає"},
    "live.no_data": {
        "en": "No readings in the database yet. Is the ingest service running (teplovoda telemetry ingest)?",
        "uk": "Ще жодного показу в базі. Чи працює прийом даних (teplovoda telemetry ingest)?",
    },
    "live.sites": {"en": "Sites", "uk": "Об'єкти"},
    "live.online": {"en": "online", "uk": "на зв'язку"},
    "live.offline": {"en": "offline", "uk": "поза зв'язком"},
    "live.stale": {"en": "data stale", "uk": "дані застаріли"},
    "live.seen_ago": {"en": "last reading {age} s ago", "uk": "останній показ {age} с тому"},
    "live.never_seen": {"en": "no readings yet", "uk": "показів ще не було"},
    "live.fuel": {"en": "Diesel autonomy", "uk": "Запас дизеля"},
    "live.fuel_detail": {"en": "{litres} at {rate}", "uk": "{litres} при {rate}"},
    "live.chart": {"en": "{field} over {range}", "uk": "{field} за {range}"},
    "live.no_series": {"en": "No readings in this range.", "uk": "За цей період показів немає."},
    "live.alerts": {"en": "Alerts", "uk": "Тривоги"},
    "live.no_alerts": {"en": "No active alerts.", "uk": "Активних тривог немає."},
    "live.ack_title": {"en": "Acknowledge an alert", "uk": "Підтвердити тривогу"},
    "live.ack_none": {"en": "No unacknowledged alerts.", "uk": "Непідтверджених тривог немає."},
    "live.ack_which": {"en": "Alert", "uk": "Тривога"},
    "live.ack_by": {"en": "Your name", "uk": "Ваше ім'я"},
    "live.ack_button": {"en": "Acknowledge", "uk": "Підтвердити"},
    "live.ack_name_needed": {"en": "Give the name of who acknowledges.", "uk": "Вкажіть ім'я того, хто підтверджує."},
    "live.ack_sent": {"en": "Acknowledgement sent.", "uk": "Підтвердження надіслано."},
    "live.model_title": {"en": "Model vs measured", "uk": "Модель і вимірювання"},
    "live.model_intro": {
        "en": "What the scenario's model predicts for the same equipment, beside the mean of the last 10 "
        "minutes; differences above 10 % (temperatures: 5 K) are highlighted.",
        "uk": "Що показує модель сценарію для того самого обладнання, поруч із середнім за останні 10 "
        "хвилин; розбіжність понад 10 % (температури: 5 K) виділено.",
    },
    "live.model_site": {"en": "Site", "uk": "Об'єкт"},
    "live.model_scenario": {"en": "Scenario", "uk": "Сценарій"},
    "live.model_case": {"en": "Case (heat scenarios)", "uk": "Варіант (теплові сценарії)"},
    "live.model_case_help": {
        "en": "The case whose sources run; empty: the scenario's first case.",
        "uk": "Назва варіанта, джерела якого працюють; порожньо: перший варіант сценарію.",
    },
    "live.model_button": {"en": "Compare", "uk": "Порівняти"},
    "live.model_running": {"en": "Solving the model…", "uk": "Розраховую модель…"},
    "live.model_nothing": {
        "en": "This site has no equipment the model predicts.",
        "uk": "Для цього об'єкта немає обладнання, яке модель може передбачити.",
    },
    "asset.pump": {"en": "pump", "uk": "насос"},
    "asset.generator": {"en": "generator", "uk": "генератор"},
    "asset.boiler": {"en": "boiler", "uk": "котел"},
    "asset.tank": {"en": "tank", "uk": "резервуар"},
    "asset.pressure": {"en": "pressure sensor", "uk": "датчик тиску"},
    "asset.grid": {"en": "grid", "uk": "мережа"},
    "state.running": {"en": "running", "uk": "працює"},
    "state.stopped": {"en": "stopped", "uk": "зупинений"},
    "state.offline": {"en": "offline", "uk": "поза зв'язком"},
    "state.reporting": {"en": "reporting", "uk": "передає"},
    "rule.fuel_autonomy": {"en": "low fuel autonomy", "uk": "мало палива"},
    "rule.pump_stopped": {"en": "pump stopped while scheduled", "uk": "насос стоїть за графіком роботи"},
    "rule.pressure_low": {"en": "low pressure", "uk": "низький тиск"},
    "rule.stale": {"en": "site silent", "uk": "об'єкт замовк"},
    "field.flow_m3_per_h": {"en": "flow, m³/h", "uk": "подача, м³/год"},
    "field.discharge_pressure_m": {"en": "discharge pressure, m", "uk": "тиск на виході, м"},
    "field.suction_pressure_m": {"en": "suction pressure, m", "uk": "тиск на вході, м"},
    "field.power_kw": {"en": "power, kW", "uk": "потужність, кВт"},
    "field.motor_temp_c": {"en": "motor temperature, °C", "uk": "температура двигуна, °C"},
    "field.speed_pct": {"en": "speed, %", "uk": "оберти, %"},
    "field.load_kw": {"en": "load, kW", "uk": "навантаження, кВт"},
    "field.fuel_level_pct": {"en": "fuel level, %", "uk": "рівень палива, %"},
    "field.fuel_l": {"en": "fuel, L", "uk": "паливо, л"},
    "field.fuel_rate_l_per_h": {"en": "fuel rate, L/h", "uk": "витрата палива, л/год"},
    "field.coolant_temp_c": {"en": "coolant temperature, °C", "uk": "температура охолоджувача, °C"},
    "field.run_hours_h": {"en": "run hours, h", "uk": "напрацювання, год"},
    "field.supply_temp_c": {"en": "supply temperature, °C", "uk": "температура подачі, °C"},
    "field.return_temp_c": {"en": "return temperature, °C", "uk": "температура зворотки, °C"},
    "field.heat_output_kw": {"en": "heat output, kW", "uk": "теплова потужність, кВт"},
    "field.fuel_feed_kg_per_h": {"en": "fuel feed, kg/h", "uk": "подача палива, кг/год"},
    "field.fuel_feed_m3_per_h": {"en": "gas feed, m³/h", "uk": "подача газу, м³/год"},
    "field.level_m": {"en": "level, m", "uk": "рівень, м"},
    "field.level_pct": {"en": "level, %", "uk": "рівень, %"},
    "field.volume_m3": {"en": "volume, m³", "uk": "об'єм, м³"},
    "field.pressure_m": {"en": "pressure, m", "uk": "тиск, м"},
    "field.voltage_v": {"en": "voltage, V", "uk": "напруга, В"},
    # --- ingest health banner on the Live page (issue 12, helper tel2) --------------------------
    "live.ingest_unhealthy": {"en": "Ingest: {reasons}.", "uk": "Приймання даних: {reasons}."},
    "health.no_write": {"en": "no write to InfluxDB for {age} s", "uk": "жодного запису в InfluxDB уже {age} с"},
    "health.spool": {"en": "{batches} batches spooled", "uk": "у буфері на диску {batches} пакетів"},
    "health.stale": {
        "en": "no health report for {age} s (is it running?)",
        "uk": "немає звіту про стан уже {age} с (чи воно працює?)",
    },
    "health.thread": {"en": "the writer thread stopped {failure}", "uk": "потік запису зупинився {failure}"},
    "health.stopped": {"en": "stopped, readings are not stored", "uk": "зупинене, показники не зберігаються"},
    "health.unreadable": {"en": "its health file is unreadable", "uk": "файл його стану неможливо прочитати"},
    # --- issue 12, helper "ui": upload limits and sign-in throttling ----------------------------
    "upload.too_many": {
        "en": "{files} files uploaded; at most {limit} at a time.",
        "uk": "Завантажено файлів: {files}; за один раз можна не більше {limit}.",
    },
    "upload.too_large": {
        "en": "The upload is {size_mib} MB; at most {limit_mib} MB in all.",
        "uk": "Завантаження займає {size_mib} МБ; разом можна не більше {limit_mib} МБ.",
    },
    "auth.failed_wait": {
        "en": "Wrong user name or password. Try again in {wait}.",
        "uk": "Неправильне ім'я користувача або пароль. Наступна спроба через {wait}.",
    },
    "auth.throttled": {
        "en": "Too many failed sign-ins: try again in {wait}.",
        "uk": "Забагато невдалих спроб входу: спробуйте знову через {wait}.",
    },
    # --- issue 15, helper "live": the Live page for operators (tiles, alerts, autonomy, model pairs, charts) -----
    "live.tz_unknown": {
        "en": "{problem}: times are shown in {zone}.",
        "uk": "{problem}: час показано для {zone}.",
    },
    "live.times_in": {"en": "Times in {zone}.", "uk": "Час за {zone}."},
    "live.when": {"en": "{time} ({age})", "uk": "{time} ({age})"},
    "live.ago_now": {"en": "just now", "uk": "щойно"},
    "live.ago_min": {"en": "{n} min ago", "uk": "{n} хв тому"},
    "live.ago_h": {"en": "{n} h ago", "uk": "{n} год тому"},
    "live.ago_d": {"en": "{n} d ago", "uk": "{n} дн. тому"},
    "live.alert_raised": {"en": "raised {when}", "uk": "виникла {when}"},
    "live.alert_acked": {"en": "acknowledged by {by} at {when}", "uk": "підтвердив(-ла) {by} о {when}"},
    "live.alert_acked_unnamed": {"en": "acknowledged", "uk": "підтверджена"},
    "live.alert_unacked": {"en": "not acknowledged", "uk": "не підтверджена"},
    "live.ack_failed": {"en": "The acknowledgement was not sent: {reason}", "uk": "Підтвердження не надіслано: {reason}"},
    "live.fuel_last_rate": {
        "en": "stopped: {litres}; hours at the last running rate, {rate}",
        "uk": "зупинений: {litres}; години за останньої витрати під час роботи, {rate}",
    },
    "live.fuel_no_rate": {
        "en": "stopped: no running fuel rate in the last {days} days",
        "uk": "зупинений: витрати палива під час роботи за останні {days} днів немає",
    },
    "live.model_pair": {"en": "Site and the scenario that models it", "uk": "Об'єкт і сценарій, що його моделює"},
    "live.model_one_case": {"en": "the station's duty point", "uk": "робоча точка станції"},
    "live.model_no_pair": {
        "en": "No shipped scenario models the assets of a reporting site.",
        "uk": "Жоден зі сценаріїв не моделює обладнання об'єктів, що передають дані.",
    },
    "live.chart_series": {"en": "Site / asset", "uk": "Об'єкт / обладнання"},
    "live.chart_time": {"en": "Time", "uk": "Час"},
    "unit.s": {"en": "s", "uk": "с"},
    "unit.min": {"en": "min", "uk": "хв"},
    # --- the teplovoda CLI (ui/cli.py, ui/telemetry_cli.py, ui/app_cli.py): short labels for fixed-width tables -----
    "cli.yes": {"en": "yes", "uk": "так"},
    "cli.no": {"en": "NO", "uk": "НІ"},
    "cli.case.intact": {"en": "intact", "uk": "непошкоджена"},
    "cli.case.damaged": {"en": "damaged", "uk": "пошкоджена"},
    "cli.written": {"en": "Results written to {out}: {files}", "uk": "Результати записано в {out}: {files}"},
    "cli.report_written": {"en": "Report written to {out}: {files}", "uk": "Звіт записано в {out}: {files}"},
    "cli.usage_error": {"en": "{prog}: error: {message} (see --help)", "uk": "{prog}: помилка: {message} (див. --help)"},
    "cli.error": {"en": "teplovoda: error: {message}", "uk": "teplovoda: помилка: {message}"},
    "cli.interrupted": {"en": "teplovoda: interrupted", "uk": "teplovoda: перервано"},
    "cli.internal_error": {
        "en": "teplovoda: internal error: {kind}: {message} (run with --debug for details)",
        "uk": "teplovoda: внутрішня помилка: {kind}: {message} (подробиці: запустіть з --debug)",
    },
    "cli.water.title": {"en": "teplovoda water run: {name}", "uk": "teplovoda water run: {name}"},
    "cli.water.setup": {
        "en": "  network {network}, {damage} damage item(s), demand model {model} ({min_m}-{required_m} m)",
        "uk": "  мережа {network}, пошкоджень: {damage}, модель водоспоживання {model} ({min_m}-{required_m} м)",
    },
    "cli.water.converged": {"en": "hydraulics converged", "uk": "гідравліка зійшлася"},
    "cli.water.people_total": {"en": "people connected to the network", "uk": "населення, під'єднане до мережі"},
    "cli.water.people_full": {"en": "people with full service", "uk": "осіб, повністю забезпечених"},
    "cli.water.people_partial": {"en": "people with partial service", "uk": "осіб, частково забезпечених"},
    "cli.water.people_without": {"en": "people without water", "uk": "осіб без води"},
    "cli.water.people_equivalent_served": {"en": "people-equivalent served", "uk": "забезпечено (еквівалент осіб)"},
    "cli.water.demand_required_m3_per_day": {"en": "demand required, m3/day", "uk": "потреба, м³/добу"},
    "cli.water.demand_delivered_m3_per_day": {"en": "demand delivered, m3/day", "uk": "подано, м³/добу"},
    "cli.water.unserved_volume_m3_per_day": {"en": "unserved volume, m3/day", "uk": "недопостачено, м³/добу"},
    "cli.water.leak_outflow_m3_per_h": {"en": "leak outflow, m3/h", "uk": "витік, м³/год"},
    "cli.water.min_pressure_m": {"en": "lowest pressure at a node with water, m", "uk": "найнижчий тиск у вузлі з водою, м"},
    "cli.water.first_tank_empty_h": {"en": "first tank empty in, h", "uk": "перший бак спорожніє через, год"},
    "cli.water.nodes_without_water": {"en": "nodes without water", "uk": "вузлів без води"},
    "cli.water.pump_power_kw": {"en": "pump power, kW", "uk": "потужність насосів, кВт"},
    "cli.water.not_converged": {
        "en": "WARNING: {case} network: converged = false ({reason}); numbers above are not valid.",
        "uk": "УВАГА: мережа «{case}»: розрахунок не зійшовся, converged = false ({reason}); числа вище недійсні.",
    },
    "cli.water.note": {"en": "note: {case} network: {note}", "uk": "примітка: мережа «{case}»: {note}"},
    "cli.water.zones": {"en": "Pressure zones, lowest pressure first", "uk": "Зони тиску, від найнижчого тиску"},
    "cli.water.tanks": {
        "en": "Tanks (damaged network; outflow held at this snapshot's rate)",
        "uk": "Баки (пошкоджена мережа; витрата з бака незмінна, як у цей момент)",
    },
    "cli.water.eps": {
        "en": "Extended-period simulation, {hours} h (EPANET: patterns, controls, tanks)",
        "uk": "Розрахунок на тривалий період, {hours} год (EPANET: графіки, керування, баки)",
    },
    "cli.water.eps_warned": {
        "en": "EPANET warned in {hours} h (see epanet_warning in hourly.csv)",
        "uk": "EPANET попереджав протягом {hours} год (див. epanet_warning у hourly.csv)",
    },
    "cli.heat.title": {"en": "teplovoda heat run: {name}", "uk": "teplovoda heat run: {name}"},
    "cli.heat.setup": {
        "en": "  outdoor {outdoor_c} °C, {damage} damage item(s), {options} option(s)",
        "uk": "  надворі {outdoor_c} °C, пошкоджень: {damage}, варіантів: {options}",
    },
    "cli.heat.people_heated": {"en": "people heated (>= 95 % of demand)", "uk": "осіб з теплом (>= 95 % потреби)"},
    "cli.heat.people_underheated": {"en": "people underheated", "uk": "осіб недогріто"},
    "cli.heat.people_without_heat": {"en": "people without heat", "uk": "осіб без тепла"},
    "cli.heat.demand_kw": {"en": "heat demand, kW", "uk": "теплова потреба, кВт"},
    "cli.heat.delivered_kw": {"en": "heat delivered, kW", "uk": "доставлене тепло, кВт"},
    "cli.heat.production_kw": {"en": "heat produced, kW", "uk": "вироблене тепло, кВт"},
    "cli.heat.heat_loss_kw": {"en": "network losses, kW", "uk": "втрати в мережі, кВт"},
    "cli.heat.heat_loss_pct": {"en": "network losses, % of production", "uk": "втрати в мережі, % виробництва"},
    "cli.heat.pump_power_kw": {"en": "circulation pump power, kW", "uk": "потужність циркуляційних насосів, кВт"},
    "cli.heat.min_hours_to_12c_h": {"en": "first building below 12 °C in, h", "uk": "перший будинок нижче 12 °C через, год"},
    "cli.heat.consumers_freeze_risk": {
        "en": "buildings below 0 °C if nothing changes",
        "uk": "будинків нижче 0 °C, якщо нічого не змінити",
    },
    "cli.heat.balance_residual_pct": {"en": "energy balance residual, %", "uk": "нев'язка енергобалансу, %"},
    "cli.heat.converged": {"en": "converged", "uk": "розрахунок зійшовся"},
    "cli.heat.not_converged": {
        "en": "WARNING: {case}: converged = false ({reason}); its numbers are not valid.",
        "uk": "УВАГА: {case}: розрахунок не зійшовся, converged = false ({reason}); його числа недійсні.",
    },
    "cli.heat.sources": {"en": "Sources, {case}", "uk": "Джерела, {case}"},
    "cli.heat.coldest": {"en": "Coldest buildings, {case}", "uk": "Найхолодніші будинки, {case}"},
    "cli.power.title": {"en": "teplovoda power size: {name}", "uk": "teplovoda power size: {name}"},
    "cli.power.setup": {
        "en": "  {motors} motor(s), blackout timetable {timetable} (1 = grid on)",
        "uk": "  двигунів: {motors}, графік відключень {timetable} (1 = мережа є)",
    },
    "cli.power.running_load": {
        "en": "Running load (pump duty points from the water model)",
        "uk": "Робоче навантаження (робочі точки насосів з моделі водопостачання)",
    },
    "cli.power.overloaded": {"en": "OVERLOADED", "uk": "ПЕРЕВАНТАЖЕНО"},
    "cli.power.site_load": {
        "en": "  auxiliaries {aux_kw} kW; CHP feeding the site {chp_kw} kW; site running load {running_kw} kW, {kvar} kvar",
        "uk": "  допоміжні {aux_kw} кВт; когенерація живить об'єкт {chp_kw} кВт; робоче навантаження об'єкта {running_kw} кВт, "
        "{kvar} квар",
    },
    "cli.power.start_pu": {"en": "{motor} start {pu} pu", "uk": "пуск {motor} {pu} в.о."},
    "cli.power.grid": {
        "en": "On the grid: site bus {bus_pu} pu, transformer {loading_pct} % loaded; {starts}",
        "uk": "Від мережі: шина об'єкта {bus_pu} в.о., трансформатор завантажено на {loading_pct} %; {starts}",
    },
    "cli.power.sizing": {
        "en": "Generator sizing (derating {derating} at {altitude_m} m, {ambient_c} °C; margin {margin_pct} %; "
        "voltage dip limit {dip_pct} %)",
        "uk": "Підбір генератора (зниження потужності {derating} на висоті {altitude_m} м, {ambient_c} °C; запас "
        "{margin_pct} %; допустиме просідання напруги {dip_pct} %)",
    },
    "cli.power.too_small": {
        "en": "  ({smallest} to {largest} kVA cannot carry the running load)",
        "uk": "  (від {smallest} до {largest} кВА не несуть робочого навантаження)",
    },
    "cli.power.recommended": {
        "en": "RECOMMENDED: {kva} kVA ({kw} kW): the smallest standard set that carries {running_kw} kW with {margin_pct} % "
        "margin and starts {motor} ({starting}) with a {dip_pct} % dip. Running needs {running_kva} kVA, the worst start "
        "{start_kva} kVA.",
        "uk": "РЕКОМЕНДОВАНО: {kva} кВА ({kw} кВт): найменший стандартний агрегат, що несе {running_kw} кВт із запасом "
        "{margin_pct} % і запускає {motor} ({starting}) з просіданням {dip_pct} %. Для роботи потрібно {running_kva} кВА, "
        "для найважчого пуску {start_kva} кВА.",
    },
    "cli.power.chosen_passes": {"en": "Chosen set {kva} kVA PASSES", "uk": "Обраний агрегат {kva} кВА ПІДХОДИТЬ"},
    "cli.power.chosen_fails": {
        "en": "Chosen set {kva} kVA FAILS: short by {short_kva} kVA (needs {needed_kva} kVA)",
        "uk": "Обраний агрегат {kva} кВА НЕ ПІДХОДИТЬ: бракує {short_kva} кВА (потрібно {needed_kva} кВА)",
    },
    "cli.power.start_dip": {"en": "start dip {dip_pct} %", "uk": "просідання при пуску {dip_pct} %"},
    "cli.power.island": {
        "en": "Islanded on {kva} kVA: generator {p_kw} kW / {q_kvar} kvar, {loading_pct} % loaded",
        "uk": "В острівному режимі на {kva} кВА: генератор {p_kw} кВт / {q_kvar} квар, завантаження {loading_pct} %",
    },
    "cli.power.fuel": {
        "en": "Fuel (diesel, fuel curve F0*rated + F1*output)",
        "uk": "Паливо (дизель, витратна характеристика F0*номінал + F1*навантаження)",
    },
    "cli.power.fuel_rate": {
        "en": "  {rate_l_per_h} L/h at the running load ({load_pct} % of rating); {hours} generator hours a day on this "
        "timetable -> {l_per_day} L/day",
        "uk": "  {rate_l_per_h} л/год при робочому навантаженні ({load_pct} % номіналу); {hours} год роботи генератора на добу "
        "за цим графіком -> {l_per_day} л/добу",
    },
    "cli.power.service": {
        "en": "Water service over the day (last simulated day)",
        "uk": "Водопостачання протягом доби (остання змодельована доба)",
    },
    "cli.power.full_service_h": {"en": "hours of full service per person", "uk": "годин повного водопостачання на особу"},
    "cli.power.people_mean": {"en": "people served, daily mean", "uk": "забезпечено осіб, середнє за добу"},
    "cli.power.people_worst": {"en": "people served, worst hour", "uk": "забезпечено осіб, найгірша година"},
    "cli.power.water_m3_per_day": {"en": "water delivered, m3/day", "uk": "подано води, м³/добу"},
    "cli.power.lowest_tank_m": {"en": "lowest tank level, m", "uk": "найнижчий рівень у баку, м"},
    "cli.compare.title": {"en": "teplovoda compare: {name}", "uk": "teplovoda compare: {name}"},
    "cli.compare.setup": {
        "en": "  base {base}; {years} years at {rate_pct}%, EUR of {year}",
        "uk": "  базовий сценарій {base}; {years} років за ставкою {rate_pct} %, євро {year} року",
    },
    "cli.compare.benefit_person_services_added": {"en": "person-services added", "uk": "додано особо-послуг"},
    "cli.compare.benefit_people_heated": {"en": "people warm", "uk": "осіб з теплом"},
    "cli.compare.benefit_people_added": {"en": "people added", "uk": "додано осіб"},
    "cli.compare.benefit_people_served": {"en": "people served", "uk": "забезпечено осіб"},
    "cli.compare.water_supply": {
        "en": "Water pumping station (its blackout timetable):",
        "uk": "Водопровідна насосна станція (її графік відключень):",
    },
    "cli.compare.best": {
        "en": "Best value: {option}: {benefit} {what} for {cost} EUR {per} per year",
        "uk": "Найвигідніше: {option}: {benefit} ({what}) за {cost} євро {per} на рік",
    },
    "cli.sweep.title": {
        "en": "teplovoda {kind} sweep: {name}: {samples} samples, seed {seed}, {breaks_per_km} breaks per km, outages pumps "
        "{pump_outage} / sources {source_outage}; scheduler {scheduler}",
        "uk": "teplovoda {kind} sweep: {name}: вибірок {samples}, зерно {seed}, {breaks_per_km} поривів на км, імовірність "
        "відмови насосів {pump_outage} / джерел {source_outage}; планувальник {scheduler}",
    },
    "cli.sweep.local_cluster": {"en": "local cluster", "uk": "локальний кластер"},
    "cli.sweep.stats": {"en": "{what} (converged samples)", "uk": "{what} (вибірки, де розрахунок зійшовся)"},
    "cli.sweep.people_without": {"en": "people without", "uk": "осіб без води"},
    "cli.sweep.people_without_heat": {"en": "people without heat", "uk": "осіб без тепла"},
    "cli.sweep.chart_title": {"en": "{name}: {samples} sampled damage cases", "uk": "{name}: {samples} випадкових пошкоджень"},
    "cli.col.zone": {"en": "zone", "uk": "зона"},
    "cli.col.nodes": {"en": "nodes", "uk": "вузлів"},
    "cli.col.people": {"en": "people", "uk": "осіб"},
    "cli.col.min_p_m": {"en": "min p, m", "uk": "мін. тиск, м"},
    "cli.col.lowest_node": {"en": "lowest node", "uk": "найнижчий вузол"},
    "cli.col.people_without": {"en": "people w/o water", "uk": "осіб без води"},
    "cli.col.served_pct": {"en": "served %", "uk": "забезп. %"},
    "cli.col.tank": {"en": "tank", "uk": "бак"},
    "cli.col.usable_m3": {"en": "usable m3", "uk": "корисно м³"},
    "cli.col.outflow_m3_per_h": {"en": "outflow m3/h", "uk": "витрата м³/год"},
    "cli.col.empty_in_h": {"en": "empty in h", "uk": "порожній через, год"},
    "cli.col.case": {"en": "case", "uk": "випадок"},
    "cli.col.person_h_without": {"en": "person-h w/o water", "uk": "люд.-год без води"},
    "cli.col.most_without": {"en": "most people w/o", "uk": "найбільше без води"},
    "cli.col.first_zone_dry_h": {"en": "first zone dry, h", "uk": "перша зона без води, год"},
    "cli.col.pump_kwh": {"en": "pump kWh", "uk": "насоси кВт·год"},
    "cli.col.kwh_per_m3": {"en": "kWh/m3", "uk": "кВт·год/м³"},
    "cli.col.problem": {"en": "problem", "uk": "проблема"},
    "cli.col.source": {"en": "source", "uk": "джерело"},
    "cli.col.kind": {"en": "kind", "uk": "тип"},
    "cli.col.role": {"en": "role", "uk": "роль"},
    "cli.col.capacity_kw": {"en": "capacity kW", "uk": "потужність кВт"},
    "cli.col.heat_kw": {"en": "heat kW", "uk": "тепло кВт"},
    "cli.col.supply_c": {"en": "supply °C", "uk": "подача °C"},
    "cli.col.fuel_per_day": {"en": "fuel per day", "uk": "паливо на добу"},
    "cli.col.pump_kw": {"en": "pump kW", "uk": "насоси кВт"},
    "cli.col.building": {"en": "building", "uk": "будинок"},
    "cli.col.type": {"en": "type", "uk": "тип"},
    "cli.col.heat_pct": {"en": "heat %", "uk": "тепло %"},
    "cli.col.to_12c_h": {"en": "to 12 °C, h", "uk": "до 12 °C, год"},
    "cli.col.to_0c_h": {"en": "to 0 °C, h", "uk": "до 0 °C, год"},
    "cli.col.motor": {"en": "motor", "uk": "двигун"},
    "cli.col.pump": {"en": "pump", "uk": "насос"},
    "cli.col.m3_per_h": {"en": "m3/h", "uk": "м³/год"},
    "cli.col.head_m": {"en": "head m", "uk": "напір м"},
    "cli.col.shaft_kw": {"en": "shaft kW", "uk": "на валу кВт"},
    "cli.col.elec_kw": {"en": "elec kW", "uk": "ел. кВт"},
    "cli.col.rated_kw": {"en": "rated kW", "uk": "номінал кВт"},
    "cli.col.start": {"en": "start", "uk": "пуск"},
    "cli.col.start_kva": {"en": "start kVA", "uk": "пуск кВА"},
    "cli.col.candidate": {"en": "candidate", "uk": "варіант"},
    "cli.col.usable_kw": {"en": "usable kW", "uk": "доступно кВт"},
    "cli.col.running_kw": {"en": "running kW", "uk": "робоча кВт"},
    "cli.col.worst_start": {"en": "worst start", "uk": "найважчий пуск"},
    "cli.col.dip_pct": {"en": "dip %", "uk": "просідання %"},
    "cli.col.result": {"en": "result", "uk": "результат"},
    "cli.col.without_generator": {"en": "without generator", "uk": "без генератора"},
    "cli.col.with_generator": {"en": "with generator", "uk": "з генератором"},
    "cli.col.option": {"en": "option", "uk": "варіант"},
    "cli.col.people_warm": {"en": "people warm", "uk": "осіб з теплом"},
    "cli.col.people_with_water": {"en": "people w/ water", "uk": "осіб з водою"},
    "cli.col.water_h_per_day": {"en": "water h/day", "uk": "вода год/добу"},
    "cli.col.eur_per_person_yr": {"en": "EUR/person/yr", "uk": "євро/особу/рік"},
    "cli.col.npc_eur": {"en": "NPC EUR", "uk": "привед. витрати, євро"},
    "cli.col.investment_eur": {"en": "investment EUR", "uk": "інвестиції, євро"},
    "cli.col.co2_t_per_yr": {"en": "CO2 t/yr", "uk": "CO2 т/рік"},
    "cli.col.meets": {"en": "meets req.", "uk": "відповідає"},
    "cli.col.rank": {"en": "rank", "uk": "місце"},
    "cli.col.samples": {"en": "samples", "uk": "вибірок"},
    "cli.col.not_converged": {"en": "not converged", "uk": "не зійшлося"},
    "cli.col.mean": {"en": "mean", "uk": "середнє"},
    "cli.col.p10": {"en": "P10", "uk": "P10"},
    "cli.col.p50": {"en": "P50", "uk": "P50"},
    "cli.col.p90": {"en": "P90", "uk": "P90"},
    "cli.col.max": {"en": "max", "uk": "макс."},
    # --- comparison reports (ui/report.py: report.html and summary.md) -----------------------------------------
    "report.yes": {"en": "yes", "uk": "так"},
    "report.no": {"en": "no", "uk": "ні"},
    "report.col.people_with_water": {
        "en": "People with water (daily mean on the blackout timetable)",
        "uk": "Осіб з водою (середнє за добу за графіком відключень)",
    },
    "report.col.hours_of_full_water_service": {
        "en": "Hours of full water service a day",
        "uk": "Годин повного водопостачання на добу",
    },
    "report.col.station_on_chp": {
        "en": "Water pumps run through blackouts on the CHP",
        "uk": "Насоси водопостачання працюють під час відключень від когенерації",
    },
    "report.col.person_services_added": {
        "en": "Person-services added (people warm + people with water, over doing nothing)",
        "uk": "Додано особо-послуг (особи з теплом + особи з водою, порівняно з бездіяльністю)",
    },
    "report.col.people_added": {"en": "People added over doing nothing", "uk": "Додано осіб порівняно з бездіяльністю"},
    "report.col.cost_per_person_year_eur": {"en": "Cost per person per year, EUR", "uk": "Вартість на особу на рік, євро"},
    "report.col.cost_per_person_service_year_eur": {
        "en": "Cost per person-service per year, EUR",
        "uk": "Вартість на людино-послугу на рік, євро",
    },
    "report.col.npc_eur": {
        "en": "Total cost over the horizon (present value), EUR",
        "uk": "Загальні витрати за період (приведена вартість), євро",
    },
    "report.col.hours_to_12c_first_building_h": {
        "en": "First building below 12 °C after, h",
        "uk": "Перший будинок нижче 12 °C через, год",
    },
    "report.col.feasible": {"en": "Meets the requirements", "uk": "Відповідає вимогам"},
    "report.served.heat": {"en": "kept warm", "uk": "з теплом"},
    "report.served.cogeneration": {
        "en": "served (person-services: warm + with water)",
        "uk": "з послугами (особо-послуги: тепло + вода)",
    },
    "report.served.generator": {"en": "served", "uk": "з водою"},
    "report.served.water": {"en": "served", "uk": "з водою"},
    "report.none.heat": {"en": "no one kept warm", "uk": "нікого не зігріто"},
    "report.none.cogeneration": {"en": "no one added over doing nothing", "uk": "жодної особи понад бездіяльність"},
    "report.none.generator": {"en": "no one added over doing nothing", "uk": "жодної особи понад бездіяльність"},
    "report.none.water": {"en": "no one added over doing nothing", "uk": "жодної особи понад бездіяльність"},
    "report.fails_mark": {"en": "(fails)", "uk": "(не відповідає)"},
    "report.cost_axis": {
        "en": "EUR per person {what} per year (annualised total cost)",
        "uk": "Євро на особу {what} на рік (загальні витрати, розподілені за роками)",
    },
    "report.cost_chart": {
        "en": "Cost per person {what} per year (grey: fails a requirement)",
        "uk": "Вартість на особу {what} на рік (сірі: не відповідають вимогам)",
    },
    "report.npc_axis": {
        "en": "total cost over the horizon, million EUR (present value)",
        "uk": "загальні витрати за період, млн євро (приведена вартість)",
    },
    "report.people_axis": {"en": "people {what}", "uk": "осіб {what}"},
    "report.pareto_chart": {
        "en": "Cost against people {what} (stars: no option is both cheaper and serves more people)",
        "uk": "Витрати проти кількості осіб {what} (зірки: жоден варіант не є водночас дешевшим і кориснішим для більшої "
        "кількості людей)",
    },
    "report.eps_chart": {
        "en": "Water service hour by hour over {hours} h (EPANET extended-period simulation)",
        "uk": "Водопостачання погодинно за {hours} год (розрахунок EPANET на тривалий період)",
    },
    "report.eps_stopped": {
        "en": "{case}: the simulation stopped ({reason}); the hours after that are not valid",
        "uk": "{case}: розрахунок зупинився ({reason}); години після цього недійсні",
    },
    "report.eps_title": {"en": "Over time: {hours} hours", "uk": "У часі: {hours} год"},
    "report.eps_intro": {
        "en": "EPANET's extended-period simulation of the base scenario: its demand patterns and controls, tanks filling "
        "and draining, pumps switching. Top: people with water in every case (solid: fully or partly served, dotted: "
        "fully); bottom: the tank levels when nothing is done.",
        "uk": "Розрахунок EPANET на тривалий період для базового сценарію: його графіки водоспоживання та керування, баки "
        "наповнюються і спорожнюються, насоси вмикаються й вимикаються. Угорі: населення з водою в кожному випадку "
        "(суцільна: повністю або частково, пунктир: повністю); унизу: рівні в баках, якщо нічого не робити.",
    },
    "report.eps_md": {
        "en": "Over {hours} h (extended-period simulation):",
        "uk": "За {hours} год (розрахунок на тривалий період):",
    },
    "report.served_heat": {"en": "keeps {people} people warm", "uk": "зберігає тепло для {people} осіб"},
    "report.served_cogeneration": {
        "en": "keeps {heated} people warm and gives {water} people water ({hours} h of full service a day)",
        "uk": "зберігає тепло для {heated} осіб і дає воду {water} особам ({hours} год повного водопостачання на добу)",
    },
    "report.served_water": {"en": "gives {people} more people water", "uk": "дає воду ще {people} особам"},
    "report.full_service_hours": {
        "en": "({hours} h of full service a day)",
        "uk": "({hours} год повного водопостачання на добу)",
    },
    "report.no_option": {
        "en": "No option meets the requirements: see 'Why not'.",
        "uk": "Жоден варіант не відповідає вимогам: див. «Чому ні».",
    },
    "report.best": {
        "en": "Best value: {option} {served} for {cost} EUR {per} per year ({meur} million EUR over {years} years, "
        "present value).",
        "uk": "Найвигідніше: {option} {served} за {cost} євро {per} на рік ({meur} млн євро за {years} років, приведена "
        "вартість).",
    },
    "report.basis_heat": {
        "en": "the people kept warm (receiving at least 95 % of their heat) on a {outdoor_c} °C day",
        "uk": "кількість осіб з теплом (які отримують щонайменше 95 % потрібного тепла) в день з температурою {outdoor_c} °C",
    },
    "report.basis_cogeneration": {
        "en": "the person-services the option adds over doing nothing: the people it keeps warm (at least 95 % of their "
        "heat on a {outdoor_c} °C day) plus the people it gives water (people-equivalent, daily mean on the blackout "
        "timetable; the CHP units keep the pumps running through blackouts when they can carry the station). A person "
        "given both heat and water counts twice: once per service",
        "uk": "кількість особо-послуг, які варіант додає порівняно з бездіяльністю: особи, для яких він зберігає тепло "
        "(щонайменше 95 % потрібного тепла в день з температурою {outdoor_c} °C), плюс особи, яким він дає воду (еквівалент "
        "осіб, середнє за добу за графіком відключень; когенераційні установки тримають насоси в роботі під час "
        "відключень, якщо можуть нести станцію). Особа, що має і тепло, і воду, рахується двічі: раз за кожну послугу",
    },
    "report.basis_water": {
        "en": "the people the option adds to those served without it (people-equivalent, daily mean on the blackout timetable)",
        "uk": "кількість осіб, яких варіант додає до забезпечених без нього (еквівалент осіб, середнє за добу за графіком "
        "відключень)",
    },
    "report.site_map": {
        "en": "{site}: its water network, every pump running",
        "uk": "{site}: водопровідна мережа, усі насоси в роботі",
    },
    "report.how_to_read": {
        "en": "Costs are present values in EUR of {year} over {years} years at a {rate_pct}% discount rate;\n"
        '"cost per person per year" is the total cost spread evenly over the years, divided by {basis}.',
        "uk": "Витрати: приведена вартість у євро {year} року за {years} років зі ставкою дисконтування {rate_pct} %;\n"
        "«вартість на особу на рік»: загальні витрати, рівномірно розподілені за роками, поділені на {basis}.",
    },
    "report.charts": {"en": "Charts", "uk": "Графіки"},
    "report.maps": {"en": "Network maps", "uk": "Карти мереж"},
    "report.no_maps": {"en": "(maps not drawn)", "uk": "(карти не побудовано)"},
    "report.item": {"en": "Item", "uk": "Стаття"},
    "report.figure": {"en": "Figure", "uk": "Показник"},
    "report.fuel_prices": {"en": "Fuel prices", "uk": "Ціни на паливо"},
    "report.credits": {
        "en": "Technology costs: Danish Energy Agency technology catalogues via PyPSA technology-data (costs_2025.csv), "
        "brought to\n{year} at {inflation_pct} % a year. Emission factors: IPCC 2006 defaults; Ukraine's national\nfactors "
        "(CMU resolution 156 of 2026). Made with teplovoda from {path}.",
        "uk": "Вартість технологій: технологічні каталоги Данського енергетичного агентства через PyPSA technology-data "
        "(costs_2025.csv), приведені до\n{year} року з інфляцією {inflation_pct} % на рік. Коефіцієнти викидів: типові "
        "значення IPCC 2006; національні\nкоефіцієнти України (постанова КМУ № 156 від 2026 року). Зроблено в teplovoda з "
        "{path}.",
    },
    "report.md_fails": {"en": "{option} fails: {why}", "uk": "{option} не відповідає вимогам: {why}"},
    "report.md_footer": {
        "en": "Present values in EUR of {year}, {years} years, {rate_pct}% discount rate. Sources of every figure: "
        "cost_sources.csv and report.html.",
        "uk": "Приведена вартість у євро {year} року, {years} років, ставка дисконтування {rate_pct} %. Джерела кожної "
        "цифри: cost_sources.csv і report.html.",
    },
    # --- teplovoda telemetry and teplovoda app (ui/telemetry_cli.py, ui/app_cli.py) ------------------------------
    "tel.solving_station": {
        "en": "solving {scenario} (hourly hydraulics on the blackout timetable) ...",
        "uk": "розрахунок {scenario} (погодинна гідравліка за графіком відключень) ...",
    },
    "tel.solving_heat": {
        "en": "solving {scenario} (thermo-hydraulics, case {case}) ...",
        "uk": "розрахунок {scenario} (теплогідравліка, варіант {case}) ...",
    },
    "tel.ingest_started": {
        "en": "ingest {worker}: mqtt {broker} -> {url} db {database}; health in {health}",
        "uk": "прийом даних {worker}: mqtt {broker} -> {url} база {database}; стан у {health}",
    },
    "tel.ingest_failed": {
        "en": "teplovoda telemetry ingest: {failure}; exiting for the supervisor to restart it",
        "uk": "teplovoda telemetry ingest: {failure}; завершення, щоб супервізор перезапустив прийом",
    },
    "tel.ago": {"en": "{age} s ago", "uk": "{age} с тому"},
    "tel.ingest_status": {
        "en": "received {received}  written {written}  rejected {rejected}  spooled {spooled} (waiting {batches} batches, "
        "{points} points)  queue {queue}  lag {lag} s  last write {ago}",
        "uk": "отримано {received}  записано {written}  відхилено {rejected}  у буфері {spooled} (чекають {batches} пакетів, "
        "{points} показів)  черга {queue}  затримка {lag} с  останній запис {ago}",
    },
    "tel.unhealthy": {"en": "UNHEALTHY: {reasons}", "uk": "НЕСПРАВНО: {reasons}"},
    "tel.ingest_unhealthy": {"en": "INGEST UNHEALTHY: {reasons}", "uk": "ПРИЙОМ ДАНИХ НЕСПРАВНИЙ: {reasons}"},
    "tel.published": {
        "en": "published {published} readings, {acknowledged} acknowledged by the broker, {pending} not yet confirmed stored "
        "(kept in {outbox}, sent again on the next run)",
        "uk": "опубліковано показів: {published}, брокер підтвердив {acknowledged}, ще не підтверджено збереження {pending} "
        "(вони в {outbox} і будуть надіслані знову наступного запуску)",
    },
    "tel.refused": {"en": ", {refused} REFUSED: outbox full", "uk": ", {refused} ВІДХИЛЕНО: вихідна черга переповнена"},
    "tel.site.account": {"en": "gateway account for site {site}:", "uk": "обліковий запис шлюзу для об'єкта {site}:"},
    "tel.site.username": {"en": "  username  {username}", "uk": "  користувач  {username}"},
    "tel.site.password": {"en": "  password  {password}", "uk": "  пароль      {password}"},
    "tel.site.publish": {"en": "  may publish  {topic}  (QoS 1)", "uk": "  може публікувати  {topic}  (QoS 1)"},
    "tel.site.status": {
        "en": "               {topic}  (birth, retained, and the last will)",
        "uk": "                    {topic}  (повідомлення про підключення, збережене, і останній заповіт)",
    },
    "tel.site.read": {
        "en": "  may read     {topic}  (what ingest has stored)",
        "uk": "  може читати       {topic}  (що прийом даних зберіг)",
    },
    "tel.site.reloaded": {
        "en": "the running broker (pid {pid}) has reloaded its accounts",
        "uk": "запущений брокер (pid {pid}) перечитав облікові записи",
    },
    "tel.site.no_broker": {
        "en": "no broker runs from this directory: the account works from the next teplovoda telemetry up",
        "uk": "з цього каталогу брокер не запущено: обліковий запис запрацює з наступного teplovoda telemetry up",
    },
    "tel.and": {"en": " and ", "uk": " і "},
    "tel.up": {
        "en": "teplovoda live platform up: MQTT {mqtt}, InfluxDB {url} (database teplovoda), an account per role and per site "
        "(passwords in {secrets}); simulating {sites} at {speed}x. Ctrl-C stops.",
        "uk": "платформу моніторингу teplovoda запущено: MQTT {mqtt}, InfluxDB {url} (база teplovoda), обліковий запис на "
        "кожну роль і кожен об'єкт (паролі в {secrets}); моделювання {sites} з прискоренням {speed}x. Ctrl-C зупиняє.",
    },
    "tel.app": {"en": "web app on {url} (log {log})", "uk": "вебзастосунок на {url} (журнал {log})"},
    "tel.on": {"en": "on", "uk": "працює"},
    "tel.off": {"en": "OFF", "uk": "СТОЇТЬ"},
    "tel.grid_on": {"en": "on ", "uk": "є    "},
    "tel.grid_off": {"en": "OFF", "uk": "НЕМАЄ"},
    "tel.boilers": {"en": "boilers {kw} kW", "uk": "котли {kw} кВт"},
    "tel.status": {
        "en": "sim h {sim_h}  grid {grid}  {pumps}{boilers}  diesel {fuel_l} L ({hours} h)  {platform}",
        "uk": "мод. год {sim_h}  мережа {grid}  {pumps}{boilers}  дизель {fuel_l} л ({hours} год)  {platform}",
    },
    "tel.platform_status": {
        "en": "stored {stored}  rejected {rejected}  spooled {spooled}  alerts {alerts}",
        "uk": "збережено {stored}  відхилено {rejected}  у буфері {spooled}  тривог {alerts}",
    },
    "tel.stopped": {
        "en": "stopped: {written} readings stored, {rejected} rejected, data in {directory}",
        "uk": "зупинено: збережено показів {written}, відхилено {rejected}, дані в {directory}",
    },
    "app_cli.serving": {"en": "teplovoda app on {url} (Ctrl-C stops it)", "uk": "застосунок teplovoda на {url} (Ctrl-C зупиняє)"},
    # --- issue 15, helper "engineer": water numbers an engineer can trust ------------------------
    "water.population_connected": {"en": "People connected to the network", "uk": "Населення, під'єднане до мережі"},
    "water.tanks_none": {"en": "no tanks", "uk": "немає баків"},
    "water.min_pressure_dry": {"en": "no node has water", "uk": "у жодному вузлі немає води"},
    "water.solver_warning": {"en": "{case}: {warning}", "uk": "{case}: {warning}"},
    "col.nodes_dry": {"en": "Dry nodes", "uk": "Вузлів без води"},
    # --- teplovoda water criticality (ui/water_cli.py) ------------------------------------------------
    "cli.crit.title": {
        "en": "teplovoda water criticality: {name} ({how}; intact network, one failure at a time)",
        "uk": "teplovoda water criticality: {name} ({how}; непошкоджена мережа, по одній відмові)",
    },
    "cli.crit.eps": {"en": "EPANET extended period over {hours} h", "uk": "розрахунок EPANET у часі на {hours} год"},
    "cli.crit.steady": {"en": "steady snapshot held {hours} h", "uk": "усталений стан протягом {hours} год"},
    "cli.crit.col.rank": {"en": "rank", "uk": "місце"},
    "cli.crit.col.element": {"en": "element", "uk": "елемент"},
    "cli.crit.col.type": {"en": "type", "uk": "тип"},
    "cli.crit.col.pipes": {"en": "pipes", "uk": "труби"},
    "cli.crit.col.dn": {"en": "DN, mm", "uk": "DN, мм"},
    "cli.crit.col.without": {"en": "people w/o water", "uk": "осіб без води"},
    "cli.crit.col.partial": {"en": "partly served", "uk": "частково забезпечені"},
    "cli.crit.col.person_h": {"en": "person-h w/o water", "uk": "люд.-год без води"},
    "cli.crit.not_converged": {
        "en": "WARNING: {n} failure(s) did not converge; their rows are not valid (converged = false in the CSV).",
        "uk": "УВАГА: {n} відмов(и) не зійшлися; їхні рядки недійсні (converged = false у CSV).",
    },
    "cli.crit.written": {
        "en": "{n} failure units; results written to {out}: criticality.csv",
        "uk": "{n} одиниць відмови; результати записано до {out}: criticality.csv",
    },
    # --- programme staff: costs, exchange rates, forwardable exports (issue 15, points 6-8) ---------------
    "compare.best_do_nothing": {
        "en": "Best value: **do nothing**: it already meets the requirements, so no option is needed.",
        "uk": "Найвигідніше: **нічого не робити**: вимоги вже виконано, жоден варіант не потрібен.",
    },
    "report.best_do_nothing": {
        "en": "Best value: <b>do nothing</b>: it already meets the requirements, so no option is needed.",
        "uk": "Найвигідніше: <b>нічого не робити</b>: вимоги вже виконано, жоден варіант не потрібен.",
    },
    "compare.no_co2": {
        "en": "No option burns fuel: no CO2 to chart.",
        "uk": "Жоден варіант не спалює паливо: викидів CO2 немає.",
    },
    "compare.exchange_rate": {"en": "1 {currency} = {rate} EUR", "uk": "1 {currency} = {rate} євро"},
    "compare.exchange_rates": {
        "en": "Prices in other currencies are converted to EUR at {rates} (rates of {date}; {source}).",
        "uk": "Ціни в інших валютах перераховано в євро за курсом {rates} (курс: {date}; {source}).",
    },
    "compare.exchange_rates_undated": {
        "en": "Prices in other currencies are converted to EUR at {rates}; the scenario gives no date for these rates "
        "(exchange_rates_date in [economics]).",
        "uk": "Ціни в інших валютах перераховано в євро за курсом {rates}; дату курсу в сценарії не вказано "
        "(exchange_rates_date в [economics]).",
    },
    "compare.exchange_rates_no_source": {"en": "source not given", "uk": "джерело не вказано"},
    "compare.price_eur": {"en": "EUR per unit", "uk": "Євро за одиницю"},
    "export.yes": {"en": "yes", "uk": "так"},
    "export.no": {"en": "no", "uk": "ні"},
    "export.never": {"en": "never", "uk": "ніколи"},
    "export.col.option": {"en": "Option", "uk": "Варіант"},
    "export.col.people_heated": {"en": "People kept warm", "uk": "Осіб з теплом"},
    "export.col.people_without_heat": {"en": "People without heat", "uk": "Осіб без тепла"},
    "export.col.people_underheated": {"en": "People under-heated", "uk": "Осіб із недостатнім теплом"},
    "export.col.heat_delivered_kw": {"en": "Heat delivered, kW", "uk": "Доставлено тепла, кВт"},
    "export.col.annual_heat_mwh": {"en": "Heat a year, MWh", "uk": "Тепло за рік, МВт·год"},
    "export.col.capex_eur": {"en": "Investment, EUR", "uk": "Інвестиції, євро"},
    "export.col.fixed_om_eur_per_year": {"en": "Fixed O&M, EUR a year", "uk": "Постійні витрати на ТО, євро на рік"},
    "export.col.variable_om_eur_per_year": {"en": "Variable O&M, EUR a year", "uk": "Змінні витрати на ТО, євро на рік"},
    "export.col.fuel_eur_per_year": {"en": "Fuel, EUR a year", "uk": "Паливо, євро на рік"},
    "export.col.replacement_and_salvage_eur": {
        "en": "Replacement less salvage (present value), EUR",
        "uk": "Заміна мінус залишкова вартість (приведені), євро",
    },
    "export.col.npc_eur": {"en": "Net present cost, EUR", "uk": "Чиста приведена вартість, євро"},
    "export.col.lcoh_eur_per_mwh": {"en": "Levelised cost of heat, EUR/MWh", "uk": "Нормована вартість тепла, євро/МВт·год"},
    "export.col.lcoe_eur_per_mwh": {
        "en": "Levelised cost of electricity, EUR/MWh",
        "uk": "Нормована вартість електроенергії, євро/МВт·год",
    },
    "export.col.electricity_mwh_per_year": {"en": "Electricity, MWh a year", "uk": "Електроенергія, МВт·год на рік"},
    "export.col.cost_per_person_year_eur": {"en": "Cost per person per year, EUR", "uk": "Вартість на особу на рік, євро"},
    "export.col.cost_per_person_service_year_eur": {
        "en": "Cost per person-service per year, EUR",
        "uk": "Вартість на людино-послугу на рік, євро",
    },
    "export.col.co2_t_per_year": {"en": "CO2, t a year", "uk": "CO2, т на рік"},
    "export.col.fuel_use": {"en": "Fuel use", "uk": "Витрата палива"},
    "export.col.fuel_logistics": {"en": "Fuel deliveries", "uk": "Доставки палива"},
    "export.col.hours_to_12c_first_building_h": {
        "en": "First building below 12 °C after, h",
        "uk": "Перший будинок нижче 12 °C через, год",
    },
    "export.col.feasible": {"en": "Meets the requirements", "uk": "Відповідає вимогам"},
    "export.col.why_not": {"en": "Why not", "uk": "Чому ні"},
    "export.col.converged": {"en": "Model converged", "uk": "Розрахунок збігся"},
    "export.col.chp_heat_kw": {"en": "CHP heat, kW", "uk": "Тепло когенерації, кВт"},
    "export.col.chp_electric_kw": {"en": "CHP electricity, kW", "uk": "Електроенергія когенерації, кВт"},
    "export.col.station_load_kw": {"en": "Pumping station load, kW", "uk": "Навантаження насосної станції, кВт"},
    "export.col.station_on_chp": {"en": "Station runs on the CHP", "uk": "Станція працює від когенерації"},
    "export.col.water_supply": {"en": "Water supply", "uk": "Водопостачання"},
    "export.col.chp_heat_made_up_grid_off_kw": {
        "en": "CHP heat made up by other sources while the grid is off, kW",
        "uk": "Тепло когенерації, заміщене іншими джерелами без мережі, кВт",
    },
    "export.col.people_with_water": {"en": "People with water (daily mean)", "uk": "Осіб з водою (середнє за добу)"},
    "export.col.hours_of_full_water_service_per_person": {
        "en": "Full water service, h a day per person",
        "uk": "Повне водопостачання, год на добу на особу",
    },
    "export.col.people_heated_added": {"en": "People kept warm, added", "uk": "Осіб з теплом, додано"},
    "export.col.people_with_water_added": {"en": "People with water, added", "uk": "Осіб з водою, додано"},
    "export.col.person_services_added": {"en": "Person-services added", "uk": "Додано людино-послуг"},
    "export.col.people_served": {"en": "People with water (people-equivalent)", "uk": "Осіб з водою (еквівалент)"},
    "export.col.people_added": {"en": "People added over doing nothing", "uk": "Додано осіб порівняно з бездіяльністю"},
    "export.col.people_without_water": {"en": "People without water", "uk": "Осіб без води"},
    "export.col.people_partial": {"en": "People partly served", "uk": "Осіб із частковим водопостачанням"},
    "export.col.leak_m3_per_h": {"en": "Leak, m³/h", "uk": "Витік, м³/год"},
    "export.col.unserved_volume_m3_per_day": {"en": "Water not delivered, m³/day", "uk": "Не подано води, м³/добу"},
    "export.col.hours_of_full_service_per_person": {
        "en": "Full water service, h a day per person",
        "uk": "Повне водопостачання, год на добу на особу",
    },
    "export.col.generator_kva": {"en": "Generator, kVA", "uk": "Генератор, кВА"},
    "export.col.rank": {"en": "Rank", "uk": "Місце"},
    "export.col.pareto_optimal": {"en": "Best trade-off (Pareto front)", "uk": "Найкращий компроміс (фронт Парето)"},
    "export.col.case": {"en": "Option", "uk": "Варіант"},
    "export.col.item": {"en": "Item", "uk": "Стаття"},
    "export.col.figure": {"en": "Figure", "uk": "Показник"},
    "export.col.value_eur": {"en": "Value, EUR", "uk": "Сума, євро"},
    "export.col.price_year": {"en": "Price year", "uk": "Рік ціни"},
    "export.col.source": {"en": "Source", "uk": "Джерело"},
    "export.col.assumption": {"en": "Assumption", "uk": "Припущення"},
    "export.col.value": {"en": "Value", "uk": "Значення"},
    "export.col.horizon_years": {"en": "Years costed", "uk": "Років у розрахунку"},
    "export.col.discount_rate_pct": {"en": "Discount rate, %", "uk": "Ставка дисконтування, %"},
    "export.col.inflation_pct_per_year": {"en": "Inflation, % a year", "uk": "Інфляція, % на рік"},
    "export.col.full_load_hours": {
        "en": "Heating season, full-load hours",
        "uk": "Опалювальний сезон, години повного навантаження",
    },
    "export.col.exchange_rate": {"en": "EUR per {currency}", "uk": "Євро за {currency}"},
    "export.col.exchange_rates_date": {"en": "Exchange rates of", "uk": "Дата курсу"},
    "export.col.exchange_rates_source": {"en": "Exchange rates from", "uk": "Джерело курсу"},
    "export.fuel.natural_gas": {"en": "natural gas", "uk": "природний газ"},
    "export.fuel.wood_chips": {"en": "wood chips", "uk": "деревна тріска"},
    "export.fuel.agricultural_residue": {"en": "agricultural residue", "uk": "агровідходи"},
    "export.fuel.diesel": {"en": "diesel", "uk": "дизельне паливо"},
    "export.fuel.electricity": {"en": "electricity", "uk": "електроенергія"},
    # --- issue 15 point 14, helper "uk": Ukrainian all the way (alert messages, Live ranges, why-not reasons) -----
    "alert.fuel_autonomy": {
        "en": "{hours} h of fuel left ({fuel_l} L at {rate_l_per_h} L/h), below {min_h} h",
        "uk": "пального на {hours} год ({fuel_l} л за витрати {rate_l_per_h} л/год), менше за {min_h} год",
    },
    "alert.pump_stopped": {
        "en": "pump {asset} stopped at {hour}:00 UTC, scheduled to run",
        "uk": "насос {asset} зупинений о {hour}:00 UTC, хоча за графіком має працювати",
    },
    "alert.pressure_low": {"en": "pressure {pressure_m} m below {min_m} m", "uk": "тиск {pressure_m} м, нижче за {min_m} м"},
    "alert.stale_offline": {
        "en": "site offline: its gateway's connection was lost (last will)",
        "uk": "об'єкт не на зв'язку: шлюз втратив з'єднання (останнє повідомлення брокера)",
    },
    "alert.stale_no_data": {
        "en": "no data for {age_s} s (more than {after_s} s)",
        "uk": "даних немає {age_s} с (більше за {after_s} с)",
    },
    "unit.m3": {"en": "m³", "uk": "м³"},
    "unit.kg_per_h": {"en": "kg/h", "uk": "кг/год"},
    "live.range_1h": {"en": "1 h", "uk": "1 год"},
    "live.range_6h": {"en": "6 h", "uk": "6 год"},
    "live.range_24h": {"en": "24 h", "uk": "24 год"},
    "live.range_7d": {"en": "7 days", "uk": "7 діб"},
    "live.col.asset": {"en": "Asset", "uk": "Обладнання"},
    "live.col.field": {"en": "Reading", "uk": "Показник"},
    "live.col.unit": {"en": "Unit", "uk": "Одиниця"},
    "live.col.predicted": {"en": "Model", "uk": "Модель"},
    "live.col.measured": {"en": "Measured", "uk": "Виміряно"},
    "live.col.difference": {"en": "Difference", "uk": "Різниця"},
    "live.col.difference_pct": {"en": "Difference, %", "uk": "Різниця, %"},
    "live.col.flag": {"en": "Differs", "uk": "Розбіжність"},
    "why.generator.station_stops": {
        "en": "the station stops whenever the grid is off: {hours_h} h of full water service a day per person",
        "uk": "станція зупиняється щоразу, коли зникає живлення від електромережі: "
        "{hours_h} год повного водопостачання на добу на особу",
    },
    "why.generator.undersized": {
        "en": "undersized: short by {shortfall_kva} kVA (needs {needed_kva} kVA)",
        "uk": "замала потужність: бракує {shortfall_kva} кВА (потрібно {needed_kva} кВА)",
    },
    "why.generator.adds_no_water": {
        "en": "adds no water over doing nothing: the station's tank already carries the grid-off hours",
        "uk": "не додає води порівняно з бездіяльністю: резервуар чистої води станції й так покриває години без електромережі",
    },
    "why.heat.nobody_heated": {"en": "nobody heated", "uk": "ніхто не отримує тепла"},
    "why.heat.delivered_short": {
        "en": "{consumer} gets {delivered_pct}% of its heat (needs {needed_pct}%)",
        "uk": "{consumer} отримує {delivered_pct}% свого тепла (потрібно {needed_pct}%)",
    },
    "why.heat.supply_none": {
        "en": "{consumer} supply none (needs {needed_c} °C)",
        "uk": "до {consumer} теплоносій не надходить (потрібно {needed_c} °C)",
    },
    "why.heat.supply_low": {
        "en": "{consumer} supply {supply_c} °C (needs {needed_c} °C)",
        "uk": "{consumer}: температура подачі {supply_c} °C (потрібно {needed_c} °C)",
    },
    "why.heat.undersized": {
        "en": "undersized: {source} at capacity while {people} people in its island are underheated",
        "uk": "замала потужність: {source} працює на межі, а {people} осіб у його ізольованій частині мережі недогріті",
    },
    "why.chp.grid_off_short": {
        "en": "in grid-off hours the CHP units make {electric_kw} kW of electricity and {lost_kw} kW less heat; "
        "the other sources have {spare_kw} kW spare",
        "uk": "у години без електромережі когенераційні установки дають {electric_kw} кВт електроенергії і на {lost_kw} кВт "
        "менше тепла; інші джерела мають лише {spare_kw} кВт резерву",
    },
    "why.chp.adds_nothing": {
        "en": "adds no person-services over doing nothing",
        "uk": "не додає жодної людино-послуги порівняно з бездіяльністю",
    },
    "why.water.not_converged": {"en": "does not converge", "uk": "гідравлічний розрахунок не збігся"},
    "why.water.restores_none": {"en": "restores no water", "uk": "не відновлює водопостачання"},
    "plot.break": {"en": "break {name}", "uk": "порив {name}"},
    "plot.source_lost": {"en": "{name} (lost)", "uk": "{name} (втрачено)"},
    "plot.pump_lost": {"en": "pump {name} (no power)", "uk": "насос {name} (без живлення)"},
    "plot.pump_running": {"en": "pump {name}", "uk": "насос {name}"},
    "plot.pump_off": {"en": "pump {name} (off)", "uk": "насос {name} (вимкнений)"},
    "plot.pressure_at_node": {
        "en": "pressure at node, m (head above ground)",
        "uk": "тиск у вузлі, м (вільний напір)",
    },
    "plot.water_totals": {
        "en": "people without water {without} · partly served {partial} · fully served {full} of {total} · leak {leak}",
        "uk": "без води {without} · частково {partial} · повністю {full} з {total} осіб · витік {leak}",
    },
    "plot.node_without_water": {"en": "node without water", "uk": "вузол без води"},
    "plot.damaged_link": {"en": "damaged link", "uk": "пошкоджена ділянка"},
    "plot.closed_link": {"en": "closed link (by operation)", "uk": "закрита ділянка (оперативне перемикання)"},
    "plot.pipe_break": {"en": "pipe break (leak)", "uk": "порив трубопроводу (витік)"},
    "plot.reservoir": {"en": "reservoir", "uk": "джерело (резервуар)"},
    "plot.tank": {"en": "tank", "uk": "бак"},
    "plot.pump": {"en": "pump", "uk": "насос"},
    "plot.source_out": {"en": "{name}: out", "uk": "{name}: не працює"},
    "plot.source_heat": {"en": "{name}: {heat} at {temp}", "uk": "{name}: {heat} за {temp}"},
    "plot.supply_temp": {"en": "supply temperature, °C", "uk": "температура подачі, °C"},
    "plot.heat_totals": {
        "en": "outdoor {outdoor} · heated {heated} · underheated {under} · without heat {without} of {total}",
        "uk": "надворі {outdoor} · з теплом {heated} · недогріті {under} · без тепла {without} з {total}",
    },
    "plot.building_without_heat": {"en": "building without heat", "uk": "будинок без тепла"},
    "plot.pipe_closed": {"en": "pipe closed (break or island cut)", "uk": "труба закрита (розрив або відсічення острова)"},
    "plot.no_circulation": {"en": "no circulation", "uk": "немає циркуляції"},
    "plot.heat_source": {"en": "heat source", "uk": "джерело тепла"},
    "plot.source_out_legend": {"en": "source out", "uk": "джерело не працює"},
    "plot.demand": {"en": "demand", "uk": "потреба"},
    "plot.heat_delivered_kw": {"en": "heat delivered, kW", "uk": "доставлено тепла, кВт"},
    "plot.heat_delivered_title": {"en": "Heat delivered per building", "uk": "Доставлене тепло за будинками"},
    "plot.with_water": {"en": "{case}: with water", "uk": "{case}: з водою"},
    "plot.people_with_water_k": {
        "en": "people with water, thousands\n(solid: full or partial, dotted: full)",
        "uk": "осіб з водою, тис.\n(суцільна: повністю або частково, пунктир: повністю)",
    },
    "plot.eps_title": {
        "en": "Water service hour by hour (EPANET extended-period simulation)",
        "uk": "Водопостачання погодинно (розрахунок EPANET у часі)",
    },
    "plot.tank_named": {"en": "tank {name}", "uk": "бак {name}"},
    "plot.tank_level_m": {"en": "tank level, m ({case})", "uk": "рівень у баку, м ({case})"},
    "plot.hour_from_start": {"en": "hour from the start", "uk": "година від початку"},
    "plot.no_tanks": {"en": "no tanks in this network", "uk": "у цій мережі немає баків"},
    # --- Scenario page tables (issue 15, point 13): codes by their names, units as symbols ----------------
    "table.node_type.junction": {"en": "junction", "uk": "вузол"},
    "table.node_type.reservoir": {"en": "reservoir", "uk": "резервуар"},
    "table.node_type.tank": {"en": "tank", "uk": "бак"},
    "table.element_type.pipe": {"en": "pipe", "uk": "труба"},
    "table.element_type.pump": {"en": "pump", "uk": "насос"},
    "table.element_type.source": {"en": "source", "uk": "джерело"},
    "table.element_type.valve": {"en": "valve", "uk": "засувка"},
    "table.element_type.segment": {"en": "segment", "uk": "ділянка"},
    "table.element_type.junction": {"en": "junction", "uk": "вузол"},
    "table.element_type.reservoir": {"en": "reservoir", "uk": "резервуар"},
    "table.element_type.tank": {"en": "tank", "uk": "бак"},
    "table.damage.isolated": {"en": "cut off in the segment", "uk": "відсічено разом з ділянкою"},
    "table.heat_role.master": {"en": "leads its island", "uk": "провідне в острові"},
    "table.heat_role.injector": {"en": "feeds in", "uk": "підживлює"},
    "table.heat_role.off": {"en": "not running", "uk": "не працює"},
    "table.tech.central_plant": {"en": "central boiler plant", "uk": "центральна котельня"},
    "table.tech.gas_boiler": {"en": "gas boiler", "uk": "газовий котел"},
    "table.tech.biomass_boiler": {"en": "biomass boiler", "uk": "котел на біомасі"},
    "table.tech.agri_residue_boiler": {"en": "agricultural-residue boiler", "uk": "котел на агровідходах"},
    "table.tech.diesel_boiler": {"en": "diesel boiler", "uk": "дизельний котел"},
    "table.tech.chp_gas_engine": {"en": "gas-engine CHP", "uk": "газопоршнева когенераційна установка"},
    "table.tech.chp_biomass": {"en": "biomass CHP", "uk": "когенераційна установка на біомасі"},
    "table.tech.electric_boiler": {"en": "electric boiler", "uk": "електрокотел"},
    "table.tech.heat_pump": {"en": "heat pump", "uk": "тепловий насос"},
    "table.fuel_unit.m3": {"en": "m³", "uk": "м³"},
    "table.fuel_unit.t": {"en": "t", "uk": "т"},
    "table.fuel_unit.L": {"en": "L", "uk": "л"},
    "table.fuel_unit.kWh": {"en": "kWh", "uk": "кВт·год"},
    "map.find": {"en": "Find on the map", "uk": "Знайти на карті"},
    "map.find_placeholder": {"en": "node, pipe, building or source name", "uk": "назва вузла, труби, будинку чи джерела"},
    "map.find_help": {
        "en": "The element chosen is ringed on the map in pink, a pipe or route also drawn wide.",
        "uk": "Вибраний елемент обведено на карті рожевим колом, трубу чи ділянку також виділено широкою лінією.",
    },
    # --- issue 15 point 11, helper "power": site power on motors alone, wet stacking, voltage-dip advice --------
    "cli.power.no_water": {
        "en": "No water network: the motors run at their running_kw in every hour; no water service to report.",
        "uk": "Водопровідної мережі немає: двигуни працюють із потужністю running_kw щогодини; водопостачання не оцінюється.",
    },
    "cli.power.warning": {"en": "WARNING: ", "uk": "УВАГА: "},
    "power.wet_stacking": {
        "en": "The {kva} kVA set would run at {load_pct} % of its rated kW, below {min_pct} %: wet stacking (unburnt "
        "fuel and soot collect in a lightly loaded diesel's exhaust). Choose a smaller set or plan runs on a load bank.",
        "uk": "Агрегат {kva} кВА працюватиме на {load_pct} % номінальної активної потужності, тобто менше ніж "
        "{min_pct} %: можливий «мокрий вихлоп» (wet stacking), коли незгоріле паливо й сажа накопичуються у вихлопній "
        "системі недовантаженого дизеля. Оберіть менший агрегат або заплануйте роботу на баластне навантаження.",
    },
    "power.starting.dol": {"en": "direct-on-line", "uk": "прямий пуск"},
    "power.starting.star_delta": {"en": "star-delta", "uk": "пуск «зірка-трикутник»"},
    "power.starting.soft_starter": {"en": "soft starter", "uk": "пристрій плавного пуску"},
    "power.starting.vfd": {"en": "variable-frequency drive", "uk": "частотний перетворювач"},
    "power.dip_limit": {
        "en": "Voltage-dip limit {dip_pct} % ([site] max_voltage_dip_pct): the deepest dip allowed while a motor starts "
        "on the set; {low}-{high} % is the common range for motor starting on a generator (contactors and controls "
        "may drop out below about 70-80 % voltage). A looser limit gives a smaller set.",
        "uk": "Допустиме просідання напруги {dip_pct} % ([site] max_voltage_dip_pct): найглибше просідання під час пуску "
        "двигуна від агрегату; для пуску двигунів від генератора зазвичай беруть {low}-{high} % (контактори й "
        "системи керування можуть вимикатися, коли напруга падає нижче 70-80 %). М'якша межа дає менший агрегат.",
    },
    "power.cheaper_start": {
        "en": "The start of {motor} sets the size: a {starting_to} instead of {starting_from} lets a {kva} kVA set pass "
        "(instead of {recommended_kva} kVA).",
        "uk": "Розмір агрегату визначає пуск {motor}: заміна «{starting_from}» на «{starting_to}» дозволяє обійтися "
        "агрегатом {kva} кВА (замість {recommended_kva} кВА).",
    },
    "power.refill_whole_loads": {
        "en": "A tanker every {days} days: the {tank} tank takes whole {tanker} loads ({deliveries} a week).",
        "uk": "Паливозаправник раз на {days} доби: бак {tank} приймає повне завантаження {tanker} ({deliveries} на тиждень).",
    },
    "power.refill_bulk_tank": {
        "en": "A tanker every {days} days ({deliveries} a week): the {tank} tank takes only {delivery} of each {tanker} "
        "load. A {bulk} bulk tank, with this one as the day tank, would take whole loads every {bulk_days} days.",
        "uk": "Паливозаправник раз на {days} доби ({deliveries} на тиждень): бак {tank} приймає лише {delivery} з "
        "кожного завантаження {tanker}. Резервуар-сховище на {bulk} (а цей бак — як витратний) приймав би повне "
        "завантаження раз на {bulk_days} доби.",
    },
    # --- issue 15 helper "power" (session 2026-12-02) ---
    "cli.power.tank_autonomy": {
        "en": "  tank {tank_l} L: {autonomy_h} h of running, {days} days on the timetable",
        "uk": "  бак {tank_l} л: {autonomy_h} год роботи, {days} діб за графіком",
    },
    "power.tank_days_help": {
        "en": "{tank} tank: {days} days on the timetable.",
        "uk": "Бак {tank}: {days} доби за графіком.",
    },
    "power.starts_together": {"en": "all together", "uk": "усі разом"},
    "power.start_kva": {
        "en": "Motor starts: one at a time, the others running, need {staggered} kVA; every motor together after the "
        "changeover {together} kVA.",
        "uk": "Пуски двигунів: по одному, коли інші працюють, потрібно {staggered} кВА; усі двигуни разом після "
        "перемикання на агрегат {together} кВА.",
    },
    "power.stagger_needed": {
        "en": "Start the motors one at a time after the changeover, the largest start first: {order}, {delay_s} s apart "
        "(each start over before the next). All together they would need {together} kVA, more than the {kva} kVA set.",
        "uk": "Після перемикання на агрегат запускайте двигуни по одному, починаючи з найважчого пуску: {order}, з "
        "інтервалом {delay_s} с (кожен пуск завершується до наступного). Разом вони потребували б {together} кВА, "
        "більше за агрегат {kva} кВА.",
    },
    "power.sized_simultaneous": {
        "en": 'Sized for every motor starting together after the changeover ([site] starts = "simultaneous"), and for '
        "each motor restarting alone.",
        "uk": "Розмір обрано для одночасного пуску всіх двигунів після перемикання на агрегат ([site] starts = "
        '"simultaneous") і для повторного пуску кожного двигуна окремо.',
    },
    # --- issue 15 helper "uk" (session 2026-12-02) ---
    # the generic scenario-file checks, shown from their keys (models/errors.py: a detail that is a Msg)
    "error.detail.within": {"en": "{where}: {detail}", "uk": "{where}: {detail}"},
    "error.detail.range": {"en": "must be {rule}, got {got}", "uk": "має бути {rule}, а задано {got}"},
    "error.detail.both": {"en": "{first} and {second}", "uk": "{first} і {second}"},
    "error.detail.expected": {"en": "expected {what}, got {got}", "uk": "очікується {what}, а задано {got}"},
    "error.detail.type.number": {"en": "a number", "uk": "число"},
    "error.detail.type.integer": {"en": "an integer", "uk": "ціле число"},
    "error.detail.type.string": {"en": "a string", "uk": "рядок"},
    "error.detail.type.bool": {"en": "true or false", "uk": "true або false"},
    "error.detail.type.list": {"en": "a list", "uk": "список"},
    "error.detail.type.table": {"en": "a table", "uk": "таблиця"},
    "error.detail.type.finite_number": {"en": "a finite number", "uk": "скінченне число"},
    "error.detail.type.or": {"en": "{first} or {second}", "uk": "{first} або {second}"},
    "error.detail.did_you_mean": {
        "en": "; did you mean {near}? (units are part of key names)",
        "uk": "; можливо, {near}? (одиниці виміру є частиною назви ключа)",
    },
    "error.detail.unknown_key": {
        "en": "unknown key {field} (expected one of: {known}){hint}",
        "uk": "невідомий ключ {field} (допустимі: {known}){hint}",
    },
    "error.detail.missing_key": {"en": "missing key {field} ({what})", "uk": "бракує ключа {field} ({what})"},
    "error.detail.unknown_section": {
        "en": "unknown section [{section}] (expected: {known})",
        "uk": "невідомий розділ [{section}] (допустимі: {known})",
    },
    "error.detail.missing_section": {"en": "missing section [{section}]", "uk": "бракує розділу [{section}]"},
    "error.detail.name_taken": {"en": "{name} is already used by {by}", "uk": "назва {name} уже зайнята: {by}"},
    "error.detail.duplicate_name": {
        "en": "duplicate name {name} (also {other})",
        "uk": "назва {name} повторюється (також у {other})",
    },
    "error.detail.model_case": {"en": "the model's own {name} case", "uk": "випадок {name}, який модель додає сама"},
    "error.detail.finite_numbers": {"en": "{field} must be finite numbers", "uk": "{field}: потрібні скінченні числа"},
    "error.detail.positive": {
        "en": "{field} must be a positive number, got {got} for {name}",
        "uk": "{field} має бути додатним числом, а для {name} задано {got}",
    },
    "error.detail.not_epanet_id": {
        "en": "{what} name {name} is not an EPANET ID (1-31 characters, no spaces or ';')",
        "uk": "{what} {name}: назва не годиться як ідентифікатор EPANET (1–31 символ, без пробілів і «;»)",
    },
    "error.detail.duplicate_element": {"en": "duplicate {what} name {name}", "uk": "{what} {name}: назва повторюється"},
    "error.detail.unknown_node": {
        "en": "unknown {what} {name} (not a node of network {network})",
        "uk": "{what} {name} не знайдено (у мережі {network} такого вузла немає)",
    },
    "error.detail.element.junction": {"en": "junction", "uk": "вузол"},
    "error.detail.element.node": {"en": "node", "uk": "вузол"},
    "error.detail.element.reservoir": {"en": "reservoir", "uk": "резервуар"},
    "error.detail.element.tank": {"en": "tank", "uk": "бак"},
    "error.detail.element.pipe": {"en": "pipe", "uk": "труба"},
    "error.detail.element.pump": {"en": "pump", "uk": "насос"},
    "error.detail.element.valve": {"en": "valve", "uk": "клапан"},
    "error.detail.element.link": {"en": "link", "uk": "ділянка"},
    "error.detail.element.source": {"en": "source", "uk": "джерело"},
    "error.detail.too_long": {
        "en": "at most {max_chars} characters, got {chars}",
        "uk": "щонайбільше {max_chars} символів, а задано {chars}",
    },
    "error.detail.control_chars": {
        "en": "must be one line of printable characters",
        "uk": "має бути одним рядком без керівних символів",
    },
    # --- fuel use and deliveries of a comparison, from the models' messages (session 2026-12-02) ---
    "why.fuel.use": {"en": "{amount_per_day} {unit}/day {fuel}", "uk": "{fuel}: {amount_per_day} {unit}/добу"},
    "why.fuel.use_diesel": {"en": "{litres_per_day} L/day diesel", "uk": "дизельне паливо: {litres_per_day} л/добу"},
    "why.fuel.trucks": {"en": "{per_week} trucks/week of {fuel}", "uk": "{fuel}: вантажівок на тиждень — {per_week}"},
    "why.fuel.tanker": {
        "en": "{per_week} tanker deliveries/week, every {days} days",
        "uk": "паливозаправників на тиждень — {per_week}, раз на {days} доби",
    },
    "unit.fuel.m3": {"en": "m³", "uk": "м³"},
    "unit.fuel.t": {"en": "t", "uk": "т"},
    "unit.fuel.L": {"en": "L", "uk": "л"},
    "unit.fuel.kWh": {"en": "kWh", "uk": "кВт·год"},
    # --- issue 16 helper "recovery" (session 2026-12-02) ---
    "recovery.repair_label": {"en": "{element} ({type})", "uk": "{element} ({type})"},
    "recovery.type.pipe_break": {"en": "pipe break", "uk": "порив трубопроводу"},
    "recovery.type.pipe_leak": {"en": "pipe leak", "uk": "витік з труби"},
    "recovery.type.valve": {"en": "valve", "uk": "засувка"},
    "recovery.type.pump": {"en": "pump", "uk": "насос"},
    "recovery.type.source": {"en": "reservoir or tank", "uk": "джерело чи резервуар"},
    "recovery.type.boiler": {"en": "boiler", "uk": "котел"},
    "recovery.type.substation": {"en": "heat substation", "uk": "тепловий пункт"},
    "recovery.type.transformer": {"en": "transformer", "uk": "трансформатор"},
    "recovery.trade.water": {"en": "water", "uk": "водопровідна"},
    "recovery.trade.heat": {"en": "heat", "uk": "теплова"},
    "recovery.trade.electrical": {"en": "electrical", "uk": "електрична"},
    "recovery.rule.ratio": {"en": "people per crew-day", "uk": "люди на бригадо-добу"},
    "recovery.rule.critical": {"en": "critical first", "uk": "спершу критичні"},
    "recovery.rule.nearest": {"en": "nearest first", "uk": "спершу найближчі"},
    "recovery.rule.optimal": {"en": "optimal (exact)", "uk": "оптимальний (точний)"},
    "recovery.rule.network_ratio": {
        "en": "people per crew-day, network re-solved",
        "uk": "люди на бригадо-добу, з перерахунком мережі",
    },
    "recovery.rule.network_optimal": {
        "en": "best order on the network (every order tried)",
        "uk": "найкращий порядок за мережею (перебрано всі)",
    },
    "recovery.person_days_short": {"en": "{value} thousand person-days", "uk": "{value} тис. людино-діб"},
    "recovery.intact": {"en": "intact network", "uk": "непошкоджена мережа"},
    "recovery.people_with_water_k": {
        "en": "people with water (full or partial), thousands",
        "uk": "люди з водою (повністю чи частково), тис.",
    },
    "recovery.day": {"en": "day", "uk": "доба"},
    "recovery.curve_title": {"en": "People with water by day", "uk": "Люди з водою за добами"},
    "recovery.crew_label": {"en": "{trade} crew {n}", "uk": "{trade} бригада {n}"},
    "recovery.gantt_title": {"en": "Repair schedule: {rule}", "uk": "Графік ремонтів: {rule}"},
    "cli.recovery.title": {"en": "Repair crews: {name}", "uk": "Ремонтні бригади: {name}"},
    "cli.recovery.pool": {"en": "{trade} {count} (from day {day})", "uk": "{trade}: {count} (з доби {day})"},
    "cli.recovery.setup": {
        "en": "{n} repairs; crews: {crews}; {solves} network solves",
        "uk": "Ремонтів: {n}; бригади: {crews}; розрахунків мережі: {solves}",
    },
    "cli.recovery.repairs": {
        "en": "Repairs (people restored: by that repair alone, from the damaged network; the rules' weight)",
        "uk": "Ремонти (відновлено людей: лише цим ремонтом, від пошкодженої мережі; вага для правил)",
    },
    "cli.recovery.col.repair": {"en": "repair", "uk": "ремонт"},
    "cli.recovery.col.trade": {"en": "trade", "uk": "фах"},
    "cli.recovery.col.days": {"en": "crew-days", "uk": "бригадо-діб"},
    "cli.recovery.col.benefit": {"en": "people restored", "uk": "відновлено людей"},
    "cli.recovery.col.critical": {"en": "critical", "uk": "критичний"},
    "cli.recovery.col.crew": {"en": "crew", "uk": "бригада"},
    "cli.recovery.col.element": {"en": "element", "uk": "елемент"},
    "cli.recovery.col.start": {"en": "start day", "uk": "початок, доба"},
    "cli.recovery.col.end": {"en": "end day", "uk": "кінець, доба"},
    "cli.recovery.col.rule": {"en": "rule", "uk": "правило"},
    "cli.recovery.col.person_days": {"en": "person-days without water", "uk": "людино-діб без води"},
    "cli.recovery.col.weighted": {"en": "rule's own estimate", "uk": "оцінка самого правила"},
    "cli.recovery.col.above_fewest": {"en": "above the fewest, %", "uk": "понад найменше, %"},
    "cli.recovery.col.last_day": {"en": "last repair done, day", "uk": "останній ремонт, доба"},
    "cli.recovery.schedule": {"en": "Schedule: {rule}", "uk": "Графік: {rule}"},
    "cli.recovery.exact": {
        "en": "exact method (MILP): {status}; MIP gap {gap} %",
        "uk": "точний метод (MILP): {status}; розрив MIP {gap} %",
    },
    "cli.recovery.totals": {
        "en": "Person-days without water by rule (the network re-solved after every repair)",
        "uk": "Людино-доби без води за правилами (мережу перераховано після кожного ремонту)",
    },
    "cli.recovery.optimal_skipped": {
        "en": "The exact method is left out: a trade has more than {n} repairs.",
        "uk": "Точний метод пропущено: в одного фаху понад {n} ремонтів.",
    },
    "cli.recovery.best": {
        "en": "Fewest person-days without water: {rule}, {value}.",
        "uk": "Найменше людино-діб без води: {rule}, {value}.",
    },
    "cli.recovery.note": {
        "en": "The first rules and the exact method order repairs by what each restores alone (their own estimate); the "
        "person-days re-solve the network, so where repairs interact a rule can beat the exact order. The last two "
        "score repairs on the re-solved network itself.",
        "uk": "Перші правила й точний метод упорядковують ремонти за тим, що кожен відновлює сам (їхня власна оцінка); "
        "людино-доби рахують за перерахованою мережею, тож коли ремонти взаємодіють, правило може виграти в точного "
        "порядку. Останні два оцінюють ремонти за самою перерахованою мережею.",
    },
    # --- end of issue 16 helper "recovery" block ---
    # --- issue 16 helper "rheat" (session 2026-12-02) ---
    "cli.rheat.title": {"en": "Heat recovery over days: {name}", "uk": "Відновлення тепла за добами: {name}"},
    "cli.rheat.weather_city": {
        "en": "Weather: climate normals of {city}, {days} days from {start} (day-month), interpolated between mid-month means",
        "uk": "Погода: кліматичні норми міста {city}, {days} діб від {start} (день-місяць), між серединами місяців",
    },
    "cli.rheat.weather_source": {"en": "  source: {source}", "uk": "  джерело: {source}"},
    "cli.rheat.weather_table": {
        "en": "Weather: the scenario's own daily table, {days} days",
        "uk": "Погода: власна добова таблиця сценарію, {days} діб",
    },
    "cli.rheat.setup": {
        "en": "Outdoor {t_min} to {t_max} °C; heated = rooms at {threshold} °C or more at the day's end; {people} people; "
        "{solves} network solves",
        "uk": "Надворі від {t_min} до {t_max} °C; з теплом = у приміщеннях {threshold} °C чи більше наприкінці доби; "
        "{people} осіб; {solves} розрахунків мережі",
    },
    "cli.rheat.repair": {
        "en": "Repair of {element}: heat crew from day {start}, done on day {end}",
        "uk": "Ремонт {element}: теплова бригада з доби {start}, завершено на добу {end}",
    },
    "cli.rheat.col.plan": {"en": "plan", "uk": "план"},
    "cli.rheat.col.stages": {"en": "in service (days)", "uk": "у роботі (доби)"},
    "cli.rheat.col.person_days": {"en": "person-days without heat", "uk": "людино-діб без тепла"},
    "cli.rheat.col.critical_day": {"en": "hospital heated from day", "uk": "лікарня з теплом з доби"},
    "cli.rheat.col.frozen": {"en": "buildings frozen", "uk": "будинків промерзло"},
    "cli.rheat.col.freeze_cost": {"en": "freeze repairs, EUR", "uk": "ремонт після промерзання, EUR"},
    "cli.rheat.col.cost": {"en": "cost, EUR", "uk": "вартість, EUR"},
    "cli.rheat.col.cost_per_pd": {"en": "EUR per person-day restored", "uk": "EUR за відновлену людино-добу"},
    "cli.rheat.best": {
        "en": "Fewest person-days without heat: {plan}, {value}.",
        "uk": "Найменше людино-діб без тепла: {plan}, {value}.",
    },
    "cli.rheat.note": {
        "en": "Each day the network is solved with the options in service that day; each building cools or warms with "
        "its time constant and internal gains. A building whose rooms reach 0 °C freezes (risers and radiators burst): "
        "it is off the network, without heat, for building_repair_days, then warms from where it is.",
        "uk": "Щодоби мережу розраховано з варіантами, що працюють того дня; кожен будинок охолоджується чи "
        "прогрівається за своєю сталою часу та внутрішніми надходженнями тепла. Будинок, де в приміщеннях 0 °C, "
        "промерзає (розриви стояків і радіаторів): він відключений від мережі й без тепла на building_repair_days діб, "
        "потім прогрівається від своєї температури.",
    },
    "rheat.no_action": {"en": "no action", "uk": "без дій"},
    "rheat.person_days_short": {"en": "{value} thousand person-days without heat", "uk": "{value} тис. людино-діб без тепла"},
    "rheat.people_with_heat_k": {"en": "people with heat, thousands", "uk": "люди з теплом, тис."},
    "rheat.curve_title": {"en": "People with heat by day", "uk": "Люди з теплом за добами"},
    # --- end of issue 16 helper "rheat" block ---
    # --- issue 16 helper "rcompare" (session 2026-12-02) ---
    "export.col.person_days_without_heat": {"en": "Person-days without heat", "uk": "Людино-доби без тепла"},
    "export.col.person_days_restored": {
        "en": "Person-days of heat restored (against doing nothing)",
        "uk": "Відновлені людино-доби тепла (порівняно з бездіяльністю)",
    },
    "export.col.days_to_critical_restored": {
        "en": "Hospital heated again from day",
        "uk": "Лікарня знову з теплом з доби",
    },
    "export.col.freeze_damaged_buildings": {"en": "Buildings frozen (0 °C indoors)", "uk": "Промерзлі будинки (0 °C всередині)"},
    "export.col.cost_per_person_day_restored_eur": {
        "en": "Cost per person-day restored, EUR",
        "uk": "Вартість відновленої людино-доби, EUR",
    },
    "rcompare.best": {
        "en": "Best value over the first {days} days: {option}, {restored} person-days of heat restored against doing "
        "nothing, at {cost} EUR per person-day; {critical}",
        "uk": "Найвигідніше за перші {days} діб: {option}, відновлює {restored} людино-діб тепла порівняно з "
        "бездіяльністю, по {cost} EUR за людино-добу; {critical}",
    },
    "rcompare.critical_day": {
        "en": "the hospital is heated again from day {day}.",
        "uk": "лікарня знову з теплом з доби {day}.",
    },
    "rcompare.critical_never": {
        "en": "the hospital is not heated again within the horizon.",
        "uk": "лікарня не отримує тепла до кінця періоду.",
    },
    "rcompare.title": {"en": "Recovery over days", "uk": "Відновлення за добами"},
    "rcompare.intro": {
        "en": "People with heat at the end of each day, in the weather of the recovery horizon. The shaded area between an "
        "option's line and doing nothing is the person-days of heat it restores. The ranking is on the cost per "
        "person-day restored.",
        "uk": "Люди з теплом наприкінці кожної доби, за погодою періоду відновлення. Зафарбована площа між лінією варіанта "
        "та бездіяльністю: відновлені ним людино-доби тепла. Рейтинг складено за вартістю відновленої людино-доби.",
    },
    "rcompare.curve_title": {
        "en": "{option}: {value} thousand person-days of heat restored",
        "uk": "{option}: відновлено {value} тис. людино-діб тепла",
    },
    "rcompare.gained": {"en": "person-days gained", "uk": "здобуті людино-доби"},
    "rcompare.gantt_title": {"en": "Repair schedule", "uk": "Графік ремонтів"},
    "rcompare.people": {"en": "people with heat", "uk": "люди з теплом"},
    "rcompare.plan": {"en": "plan", "uk": "план"},
    "rcompare.crew": {"en": "crew", "uk": "бригада"},
    "rcompare.repair": {"en": "repair", "uk": "ремонт"},
    "rcompare.start_day": {"en": "start, day", "uk": "початок, доба"},
    "rcompare.end_day": {"en": "end, day", "uk": "завершення, доба"},
    "rcompare.sheet.day": {"en": "Day (end of)", "uk": "Доба (на кінець)"},
    "rcompare.sheet.outdoor": {"en": "Outdoor temperature of the day, °C", "uk": "Температура надворі за добу, °C"},
    "rcompare.sheet.people": {"en": "People with heat: {plan}, people", "uk": "Люди з теплом: {plan}, осіб"},
    "rcompare.staged": {
        "en": "Staged plans (not options of the comparison): {plans}.",
        "uk": "Поетапні плани (не варіанти порівняння): {plans}.",
    },
    # --- end of issue 16 helper "rcompare" block ---
    # --- issue 16 helper "rsweep" (session 2026-12-02) ---
    "cli.rsweep.title": {
        "en": "Repairs over sampled damage: {name}: {samples} samples, seed {seed}, {breaks_per_km} breaks per km, "
        "water crews {crews}, mobilisation {mob_lo}-{mob_hi} days",
        "uk": "Ремонти за вибірками пошкоджень: {name}: вибірок {samples}, зерно {seed}, {breaks_per_km} поривів на км, "
        "водопровідних бригад {crews}, мобілізація {mob_lo}-{mob_hi} діб",
    },
    "cli.rsweep.stats": {
        "en": "Person-days without water by rule over the samples",
        "uk": "Людино-доби без води за правилами по вибірках",
    },
    "cli.rsweep.col.rule": {"en": "rule", "uk": "правило"},
    "cli.rsweep.repairs": {
        "en": "Repairs per sample: mean {mean}, from {lo} to {hi}",
        "uk": "Ремонтів на вибірку: у середньому {mean}, від {lo} до {hi}",
    },
    "cli.rsweep.chart_x": {"en": "person-days without water, thousands", "uk": "людино-доби без води, тис."},
    "cli.rsweep.chart_title": {
        "en": "{name}\nperson-days without water, {samples} samples",
        "uk": "{name}\nлюдино-доби без води, вибірок {samples}",
    },
    "cli.rsweep.bad_list": {
        "en": "{flag}: expected {what} separated by commas, got {value!r}",
        "uk": "{flag}: очікувалося {what} через кому, отримано {value!r}",
    },
    "cli.rsweep.integers": {"en": "integers", "uk": "цілі числа"},
    "cli.rsweep.low_high": {"en": "low,high (or one number)", "uk": "нижнє,верхнє (або одне число)"},
    # --- end of issue 16 helper "rsweep" block ---
    # --- issue 16 helper "heatreal" (session 2026-12-02) ---
    "cli.heat.households_heated": {"en": "households heated", "uk": "домогосподарств з теплом"},
    "cli.heat.households_without_heat": {"en": "households without heat", "uk": "домогосподарств без тепла"},
    "cli.heat.pupils_heated": {
        "en": "pupils in heated schools (not in people)",
        "uk": "учнів у теплих школах (не в кількості осіб)",
    },
    "cli.heat.patients_heated": {
        "en": "patients in heated hospitals (not in people)",
        "uk": "пацієнтів у теплих лікарнях (не в кількості осіб)",
    },
    "cli.heat.dhw_demand_kw": {"en": "of which hot water, kW", "uk": "з них гаряча вода, кВт"},
    "cli.col.households": {"en": "households", "uk": "домогосп."},
    "cli.col.pupils_patients": {"en": "pupils/patients", "uk": "учні/пацієнти"},
    "col.households": {"en": "Households", "uk": "Домогосподарства"},
    "col.pupils": {"en": "Pupils", "uk": "Учні"},
    "col.patients": {"en": "Patients", "uk": "Пацієнти"},
    "col.dhw_demand_kw": {"en": "Hot water, kW", "uk": "Гаряча вода, кВт"},
    # --- end of issue 16 helper "heatreal" block ---
    # --- issue 15: core / file / water errors in Ukrainian (helper uk1) ---
    "error.detail.core.above_limit": {
        "en": "{what}: {value:,}{unit} is above the limit of {limit:,}{unit} ({how})",
        "uk": "{what}: {value}{unit} — більше за межу {limit}{unit} ({how})",
    },
    "error.detail.core.damage_twice": {
        "en": "{kind} of {what} {name} is already given (as {other})",
        "uk": "{what} {name}: {kind} уже задано (як {other})",
    },
    "error.detail.core.how_to_lift": {
        "en": "pass --no-limits or set {env}=1 if you really mean it",
        "uk": "якщо це справді потрібно, передайте --no-limits або задайте {env}=1",
    },
    "error.detail.core.missing_type": {
        "en": "missing key 'type' (one of: {kinds})",
        "uk": "бракує ключа 'type' (один із: {kinds})",
    },
    "error.detail.core.no_sweep": {
        "en": "a {kind} scenario has no Monte Carlo sweep (kinds with one: {swept})",
        "uk": "для сценарію {kind} немає розрахунку Монте-Карло (він є для: {swept})",
    },
    "error.detail.core.not_array": {
        "en": "[[{section}]] must be an array of tables",
        "uk": "[[{section}]] має бути масивом таблиць",
    },
    "error.detail.core.over_limit": {
        "en": "{what}: more than the limit of {limit:,}{unit} ({how})",
        "uk": "{what}: більше за межу {limit}{unit} ({how})",
    },
    "error.detail.core.param_not_number": {
        "en": "{field} must be a number, got {got}",
        "uk": "{field} має бути числом, а задано {got}",
    },
    "error.detail.core.param_problem": {"en": "{field} {problem}", "uk": "{field} {problem}"},
    "error.detail.core.sweep.crews": {
        "en": "recovery_crews must list at least one crew count, e.g. [2, 4]",
        "uk": "recovery_crews має містити принаймні одну кількість бригад, наприклад [2, 4]",
    },
    "error.detail.core.sweep.mobilisation": {
        "en": "recovery_mobilisation_days must be [low, high] days with low <= high, or one value; got {got}",
        "uk": "recovery_mobilisation_days має бути [low, high] діб, де low <= high, або одним значенням; задано {got}",
    },
    "error.detail.core.sweep.probability": {"en": "{field} must be between 0 and 1", "uk": "{field} має бути від 0 до 1"},
    "error.detail.core.sweep.rates": {
        "en": "break_rate_per_km must be >= 0 and leak_area_cm2 > 0",
        "uk": "break_rate_per_km має бути >= 0, а leak_area_cm2 — > 0",
    },
    "error.detail.core.sweep.samples": {"en": "samples must be >= 1", "uk": "samples має бути >= 1"},
    "error.detail.core.unit.bytes": {"en": " bytes", "uk": " байт"},
    "error.detail.core.unit.elements": {"en": " elements", "uk": " елементів"},
    "error.detail.core.unknown_kind": {
        "en": "expected one of {known}, got {got}",
        "uk": "очікується один із типів {known}, а задано {got}",
    },
    "error.detail.core.unknown_type": {
        "en": "unknown {section} {got} (expected one of: {kinds})",
        "uk": "невідомий тип {section} {got} (допустимі: {kinds})",
    },
    "error.detail.core.wrong_kind": {
        "en": "kind must be {kind} for a {name} scenario, got {got}",
        "uk": "для сценарію {name} kind має бути {kind}, а задано {got}",
    },
    "error.detail.file.at": {"en": "{where}: file {name}", "uk": "{where}: файл {name}"},
    "error.detail.file.binary": {
        "en": "not a text file (it holds binary data)",
        "uk": "не є текстовим файлом (містить двійкові дані)",
    },
    "error.detail.file.binary_at": {
        "en": "{what} is not a text file (binary data at line {line})",
        "uk": "{what} не є текстовим файлом (двійкові дані в рядку {line})",
    },
    "error.detail.file.cannot_read": {"en": "cannot be read ({reason})", "uk": "неможливо прочитати ({reason})"},
    "error.detail.file.is_device": {"en": "is a device, not a file", "uk": "є пристроєм, а не файлом"},
    "error.detail.file.is_directory": {"en": "is a directory, not a file", "uk": "є каталогом, а не файлом"},
    "error.detail.file.is_fifo": {"en": "is a FIFO, not a file", "uk": "є каналом FIFO, а не файлом"},
    "error.detail.file.is_socket": {"en": "is a socket, not a file", "uk": "є сокетом, а не файлом"},
    "error.detail.file.line": {"en": "{file} line {line}", "uk": "{file}, рядок {line}"},
    "error.detail.file.not_csv": {
        "en": "{where} is not a readable CSV table ({reason})",
        "uk": "{where} не читається як таблиця CSV ({reason})",
    },
    "error.detail.file.not_finite": {
        "en": "{where} line {line}, column {column}: expected a finite number, got {got}",
        "uk": "{where}, рядок {line}, стовпець {column}: очікується скінченне число, а задано {got}",
    },
    "error.detail.file.not_found": {"en": "not found", "uk": "не знайдено"},
    "error.detail.file.not_found_here": {"en": "not found next to the scenario", "uk": "не знайдено поруч зі сценарієм"},
    "error.detail.file.not_regular": {"en": "is not a regular file", "uk": "не є звичайним файлом"},
    "error.detail.file.not_toml": {"en": "not valid TOML: {reason}", "uk": "некоректний TOML: {reason}"},
    "error.detail.file.not_utf8": {
        "en": "not a text file (not UTF-8 at line {line})",
        "uk": "не є текстовим файлом (не UTF-8 у рядку {line})",
    },
    "error.detail.file.not_utf8_at": {
        "en": "{what} is not a text file (not UTF-8 at line {line})",
        "uk": "{what} не є текстовим файлом (не UTF-8 у рядку {line})",
    },
    "error.detail.file.permission": {"en": "cannot be read (permission denied)", "uk": "неможливо прочитати (немає дозволу)"},
    "error.detail.file.problem": {"en": "{what} {problem}", "uk": "{what} {problem}"},
    "error.detail.file.size": {"en": "{what} size", "uk": "{what}, розмір"},
    "error.detail.file.table": {"en": "{what} ({name})", "uk": "{what} ({name})"},
    "error.detail.file.what.epanet": {"en": "EPANET file", "uk": "файл EPANET"},
    "error.detail.file.what.file": {"en": "file", "uk": "файл"},
    "error.detail.file.what.scenario": {"en": "scenario file", "uk": "файл сценарію"},
    "error.detail.water.bad_field": {"en": "{field} {value} {problem}", "uk": "{field} {value} {problem}"},
    "error.detail.water.before_section": {
        "en": "text before the first [SECTION] (EPANET error 201)",
        "uk": "текст перед першим [SECTION] (помилка EPANET 201)",
    },
    "error.detail.water.binary_line": {"en": "not a text file (binary data)", "uk": "не є текстовим файлом (двійкові дані)"},
    "error.detail.water.breaks_twice": {"en": "pipe {name} breaks twice", "uk": "труба {name} має два пориви"},
    "error.detail.water.cannot_hold": {
        "en": "pump {pump} cannot hold {pressure_m} m at {node} even at {speed} x speed",
        "uk": "насос {pump} не втримує {pressure_m} м у {node} навіть за швидкості {speed}×",
    },
    "error.detail.water.capacity_positive": {
        "en": "max_flow_m3_per_h of {name} must be > 0",
        "uk": "max_flow_m3_per_h для {name} має бути > 0",
    },
    "error.detail.water.capacity_reservoir": {
        "en": "source {name}: only a reservoir (an intake, a treatment plant) can have a capacity",
        "uk": "джерело {name}: продуктивність можна задати лише резервуару (водозабору, очисній станції)",
    },
    "error.detail.water.control_levels": {
        "en": "levels for {link} on tank {tank} must satisfy min_level_m {low} <= start_below_m < "
        "stop_above_m <= max_level_m {high}",
        "uk": "рівні для {link} на баку {tank} мають задовольняти min_level_m {low} <= start_below_m < "
        "stop_above_m <= max_level_m {high}",
    },
    "error.detail.water.curve_finite": {
        "en": "pump curve points must be finite",
        "uk": "точки характеристики насоса мають бути скінченними",
    },
    "error.detail.water.curve_order": {
        "en": "pump curve: flows must increase and heads must not increase, both >= 0",
        "uk": "характеристика насоса: витрати мають зростати, а напори — не зростати, усі >= 0",
    },
    "error.detail.water.curve_points": {
        "en": "flow_m3_per_h and head_m must have the same number of points (at least 1)",
        "uk": "flow_m3_per_h і head_m мають містити однакову кількість точок (щонайменше 1)",
    },
    "error.detail.water.cut_off": {"en": "{detail}{truncated}", "uk": "{detail}{truncated}"},
    "error.detail.water.demand_model": {
        "en": "demand_model must be 'pdd' or 'dda', got {got}",
        "uk": "demand_model має бути 'pdd' або 'dda', а задано {got}",
    },
    "error.detail.water.discharge_coefficient": {
        "en": "discharge_coefficient must be in (0, 1]",
        "uk": "discharge_coefficient має бути в межах (0, 1]",
    },
    "error.detail.water.duplicate_id": {
        "en": "duplicate ID {name} (EPANET error 215; the {what} is first defined at line {line})",
        "uk": "ідентифікатор {name} повторюється (помилка EPANET 215; перше визначення — рядок {line}, тип: {what})",
    },
    "error.detail.water.emitter_exponent": {
        "en": "an orifice leak needs the emitter exponent 0.5; the network's [OPTIONS] sets {exponent}",
        "uk": "для витоку через отвір потрібен показник емітера 0.5; [OPTIONS] мережі задає {exponent}",
    },
    "error.detail.water.expected_array": {"en": "expected an array of tables", "uk": "очікується масив таблиць"},
    "error.detail.water.expected_table": {"en": "expected a table", "uk": "очікується таблиця"},
    "error.detail.water.few_fields": {
        "en": "{count} field(s), EPANET needs at least {min_fields} ({fields}) (EPANET error 201)",
        "uk": "полів: {count}, а EPANET потрібно щонайменше {min_fields} ({fields}) (помилка EPANET 201)",
    },
    "error.detail.water.grid_on": {
        "en": "grid_on must have 24 hourly entries of 0 or 1",
        "uk": "grid_on має містити 24 погодинні значення 0 або 1",
    },
    "error.detail.water.head_curve": {"en": "pump {name}: head curve", "uk": "насос {name}: напірна характеристика"},
    "error.detail.water.headloss": {
        "en": "headloss must be one of {known}, got {got}",
        "uk": "headloss має бути одним із {known}, а задано {got}",
    },
    "error.detail.water.max_iterations": {"en": "max_iterations must be >= 1", "uk": "max_iterations має бути >= 1"},
    "error.detail.water.n_negative": {"en": "n must be >= 0", "uk": "n має бути >= 0"},
    "error.detail.water.no_units": {
        "en": "[OPTIONS] gives no flow units: add a line such as 'Units LPS' (EPANET's default is GPM){truncated}",
        "uk": "[OPTIONS] не задає одиниць витрати: додайте рядок на зразок 'Units LPS' (типово EPANET бере GPM){truncated}",
    },
    "error.detail.water.no_valves": {
        "en": "segment_isolated needs isolation valves: give [isolation_valves] in the scenario",
        "uk": "для segment_isolated потрібні засувки: задайте [isolation_valves] у сценарії",
    },
    "error.detail.water.nodes_and_links": {"en": "nodes and links", "uk": "вузлів і ділянок"},
    "error.detail.water.not_damaged": {
        "en": "{name} is not damaged in this scenario",
        "uk": "{name} не пошкоджено в цьому сценарії",
    },
    "error.detail.water.not_finite": {"en": "is not a finite number", "uk": "не є скінченним числом"},
    "error.detail.water.not_inp": {
        "en": "not a readable EPANET .inp file: {error}",
        "uk": "не читається як файл EPANET .inp: {error}",
    },
    "error.detail.water.not_number": {"en": "is not a number", "uk": "не є числом"},
    "error.detail.water.not_reservoir": {
        "en": "unknown reservoir {name} (only a reservoir of network {network} can have a capacity)",
        "uk": "{name} не є резервуаром мережі {network} (продуктивність можна задати лише резервуару)",
    },
    "error.detail.water.not_tank": {"en": "{name} is not a tank", "uk": "{name} не є баком"},
    "error.detail.water.not_utf8_line": {"en": "not a text file (not UTF-8)", "uk": "не є текстовим файлом (не UTF-8)"},
    "error.detail.water.per_capita_positive": {
        "en": "per_capita_l_per_day must be > 0",
        "uk": "per_capita_l_per_day має бути > 0",
    },
    "error.detail.water.pipe_roughness": {
        "en": "give either hazen_williams_c or roughness_mm",
        "uk": "задайте або hazen_williams_c, або roughness_mm",
    },
    "error.detail.water.placement": {
        "en": "placement must be 'none', 'strategic' or 'random', got {got}",
        "uk": "placement має бути 'none', 'strategic' або 'random', а задано {got}",
    },
    "error.detail.water.placement_needs_inp": {
        "en": "needs a network read from an .inp file",
        "uk": "потрібна мережа, прочитана з файлу .inp",
    },
    "error.detail.water.population_negative": {"en": "population must be >= 0", "uk": "населення має бути >= 0"},
    "error.detail.water.pressure_and_node": {"en": "pressure_m and node go together", "uk": "pressure_m і node задають разом"},
    "error.detail.water.pressures": {
        "en": "required_pressure_m must be greater than min_pressure_m >= 0",
        "uk": "required_pressure_m має бути більшим за min_pressure_m >= 0",
    },
    "error.detail.water.pump_speed": {"en": "pump {name}: speed must be > 0", "uk": "насос {name}: speed має бути > 0"},
    "error.detail.water.pump_speed_range": {
        "en": "pump {name}: speed must be > 0 and <= 2, got {got}",
        "uk": "насос {name}: speed має бути > 0 і <= 2, а задано {got}",
    },
    "error.detail.water.refused_edit": {
        "en": "network {name}: EPANET refused an edit: {error}",
        "uk": "мережа {name}: EPANET відхилив зміну: {error}",
    },
    "error.detail.water.roughness_negative": {"en": "roughness_mm must be >= 0", "uk": "roughness_mm має бути >= 0"},
    "error.detail.water.source_no_links": {
        "en": "source {name} has no links",
        "uk": "до джерела {name} не приєднано жодної ділянки",
    },
    "error.detail.water.speed_or_pressure": {
        "en": "give either speed or pressure_m (with node)",
        "uk": "задайте або speed, або pressure_m (з node)",
    },
    "error.detail.water.tank_levels": {
        "en": "tank {name}: level_m {level} must lie between min_level_m {low} and max_level_m {high} (all >= 0)",
        "uk": "бак {name}: level_m {level} має бути між min_level_m {low} і max_level_m {high} (усі >= 0)",
    },
    "error.detail.water.total_negative": {"en": "total must be >= 0", "uk": "total має бути >= 0"},
    "error.detail.water.total_or_per_capita": {
        "en": "give either total or per_capita_l_per_day, not both",
        "uk": "задайте або total, або per_capita_l_per_day, а не обидва",
    },
    "error.detail.water.truncated": {
        "en": "; the file has no [END] section and may be truncated (it ends at line {line})",
        "uk": "; у файлі немає розділу [END], можливо, його обрізано (він закінчується на рядку {line})",
    },
    "error.detail.water.two_drives": {"en": "a pump has two drives", "uk": "для одного насоса задано два приводи"},
    "error.detail.water.unknown": {"en": "unknown {what} {name}", "uk": "{what} {name}: не знайдено"},
    "error.detail.water.unknown_element": {
        "en": "unknown {what} {name} (not a {what} of network {network})",
        "uk": "{what} {name}: у мережі {network} такого елемента немає",
    },
    "error.detail.water.unknown_section": {
        "en": "unknown section {section} (EPANET error 201)",
        "uk": "невідомий розділ {section} (помилка EPANET 201)",
    },
    "error.detail.water.unknown_source": {
        "en": "unknown source {name} (not a reservoir or tank of network {network})",
        "uk": "джерело {name} не знайдено: у мережі {network} немає такого резервуара чи бака",
    },
    "error.detail.water.valve_kind": {
        "en": "valve kind must be prv, psv, pbv, fcv or tcv, got {got}",
        "uk": "тип клапана має бути prv, psv, pbv, fcv або tcv, а задано {got}",
    },
    "error.detail.water.valve_not_at_end": {
        "en": "isolation valve on pipe {pipe} at {node}: the pipe joins {start} and {end}",
        "uk": "засувка на трубі {pipe} біля {node}: ця труба з'єднує {start} і {end}",
    },
    "error.detail.water.valve_pair": {
        "en": "valves[{i}] must be [pipe, junction]",
        "uk": "valves[{i}] має бути [pipe, junction]",
    },
    "error.detail.water.valve_unknown_node": {
        "en": "isolation valve on pipe {pipe} at unknown junction {node}",
        "uk": "засувка на трубі {pipe} біля невідомого вузла {node}",
    },
    "error.detail.water.valve_unknown_pipe": {
        "en": "isolation valve on unknown pipe {pipe}",
        "uk": "засувка на невідомій трубі {pipe}",
    },
    # --- issue 15: power / heat / cost errors in Ukrainian (helper uk2) ---
    "error.detail.power.gt_zero": {"en": "{field} must be > 0, got {got}", "uk": "{field} має бути > 0, а задано {got}"},
    "error.detail.power.at_least_zero": {"en": "{field} must be >= 0, got {got}", "uk": "{field} має бути >= 0, а задано {got}"},
    "error.detail.power.between": {
        "en": "{field} must be between {low} and {high}, got {got}",
        "uk": "{field} має бути від {low} до {high}, а задано {got}",
    },
    "error.detail.power.one_of": {
        "en": "{field} must be one of {known}, got {got}",
        "uk": "{field} має бути одним із: {known}, а задано {got}",
    },
    "error.detail.power.efficiencies": {
        "en": "efficiency and pump_efficiency must be in (0, 1]",
        "uk": "efficiency і pump_efficiency мають бути в межах (0, 1]",
    },
    "error.detail.power.pump_or_running_kw": {
        "en": "give either pump (its power comes from the hydraulics) or running_kw",
        "uk": "задайте або pump (тоді потужність береться з гідравлічного розрахунку), або running_kw",
    },
    "error.detail.power.percentages": {
        "en": "max_voltage_dip_pct and load_margin_pct must be percentages",
        "uk": "max_voltage_dip_pct і load_margin_pct мають бути відсотками (від 0 до 100)",
    },
    "error.detail.power.voltages": {
        "en": "voltages and transformer_kva must be > 0",
        "uk": "напруги й transformer_kva мають бути > 0",
    },
    "error.detail.power.motor_pump": {
        "en": "motor {motor}: pump {pump} is not a pump of the water network",
        "uk": "двигун {motor}: {pump} не є насосом водопровідної мережі",
    },
    "error.detail.power.derated": {
        "en": "site {site}: altitude and temperature derate a generator to nothing",
        "uk": "об'єкт {site}: через висоту й температуру потужність генератора знижується до нуля",
    },
    "error.detail.power.no_generator": {
        "en": "site {site}: no catalogue generator up to {largest_kva:,} kVA carries the running load "
        "({running_kva:,.0f} kVA) and starts every motor (worst start needs {start_kva:,.0f} kVA)",
        "uk": "об'єкт {site}: жоден генератор каталогу до {largest_kva} кВА не витримує робочого навантаження "
        "({running_kva:.0f} кВА) разом із пуском кожного двигуна (найважчий пуск потребує {start_kva:.0f} кВА)",
    },
    "error.detail.power.reactance": {
        "en": "transient_reactance_pu must be between 0 and 1",
        "uk": "transient_reactance_pu має бути від 0 до 1",
    },
    "error.detail.power.fuel_curve": {
        "en": "fuel curve coefficients must be positive",
        "uk": "коефіцієнти витратної характеристики палива мають бути додатними",
    },
    "error.detail.power.pattern_or_grid_on": {
        "en": "give either pattern or grid_on (24 entries of 0/1)",
        "uk": "задайте або pattern, або grid_on (24 значення 0/1)",
    },
    "error.detail.power.grid_on_hours": {
        "en": "grid_on must have 24 hourly entries, got {entries}",
        "uk": "grid_on має містити 24 погодинні значення, а задано {entries}",
    },
    "error.detail.power.grid_on_values": {"en": "grid_on entries must be 0 or 1", "uk": "значення grid_on мають бути 0 або 1"},
    "error.detail.power.fuel_tanks": {
        "en": "fuel_tank_l and tanker_l must be > 0",
        "uk": "fuel_tank_l і tanker_l мають бути > 0",
    },
    "error.detail.power.chp_either": {
        "en": "give either electric_kw or heat_scenario with heat_case and heat_source",
        "uk": "задайте або electric_kw, або heat_scenario разом із heat_case і heat_source",
    },
    "error.detail.power.chp_heat_case": {
        "en": "heat_scenario needs heat_case and heat_source",
        "uk": "до heat_scenario потрібні heat_case і heat_source",
    },
    "error.detail.power.days": {"en": "days must be >= 1", "uk": "days має бути >= 1"},
    "error.detail.power.file": {"en": "file {name}", "uk": "файл {name}"},
    "error.detail.power.no_motors": {"en": "at least one motor is needed", "uk": "потрібен принаймні один двигун"},
    "error.detail.power.motor_without_water": {
        "en": "no running_kw and no [water] network to take pump {pump}'s power from; give running_kw or a [water] section",
        "uk": "немає ні running_kw, ні мережі [water], з якої взяти потужність насоса {pump}; задайте running_kw або "
        "розділ [water]",
    },
    "error.detail.power.controls_need_water": {
        "en": "level controls need a [water] network with the tank",
        "uk": "для керування за рівнем потрібна мережа [water] з цим баком",
    },
    "error.detail.power.motor_too_big": {
        "en": "rated_kw {rated_kw:g} exceeds the largest catalogue generator ({largest_kva:,} kVA = {largest_kw:,.0f} kW)",
        "uk": "rated_kw {rated_kw:g} перевищує найбільший генератор каталогу ({largest_kva} кВА = {largest_kw:.0f} кВт)",
    },
    "error.detail.power.no_heat_case": {"en": "no case {case} in {file}", "uk": "у {file} немає випадку {case}"},
    "error.detail.power.no_heat_source": {"en": "no source {source} in {file}", "uk": "у {file} немає джерела {source}"},
    "error.detail.power.not_a_pump": {
        "en": "{pump} is not a pump of the water network",
        "uk": "{pump} не є насосом водопровідної мережі",
    },
    "error.detail.power.water_not_converged": {
        "en": "the water network does not converge with every pump running ({reason})",
        "uk": "розрахунок водопровідної мережі не сходиться, коли працюють усі насоси ({reason})",
    },
    "error.detail.heat.oblast_or_temp": {
        "en": "give design_oblast or design_outdoor_temp_c, not both",
        "uk": "задайте design_oblast або design_outdoor_temp_c, але не обидва",
    },
    "error.detail.heat.oblast_name": {
        "en": "expected an oblast name, got {got}",
        "uk": "очікується назва області, а задано {got}",
    },
    "error.detail.heat.climate_key": {"en": "[climate] -> {detail}", "uk": "[climate] -> {detail}"},
    "error.detail.heat.mode_expected": {
        "en": "expected 'sequential' or 'bidirectional'",
        "uk": "очікується 'sequential' або 'bidirectional'",
    },
    "error.detail.heat.unknown_building_type": {
        "en": "unknown building type (one of: {known})",
        "uk": "невідомий тип будівлі (допустимі: {known})",
    },
    "error.detail.heat.expected_table": {"en": "expected a table", "uk": "очікується таблиця"},
    "error.detail.heat.expected_array": {"en": "expected an array of tables", "uk": "очікується масив таблиць"},
    "error.detail.heat.name_twice": {"en": "name {name} is used twice", "uk": "назву {name} використано двічі"},
    "error.detail.heat.unknown_preset": {
        "en": "unknown preset {preset} (one of: {known})",
        "uk": "невідомий типовий варіант {preset} (допустимі: {known})",
    },
    "error.detail.heat.whole_hour": {
        "en": "hour must be a whole hour 0..23, got {got}",
        "uk": "hour має бути цілою годиною 0..23, а задано {got}",
    },
    "error.detail.heat.time_constant": {"en": "time_constant_h must be > 0", "uk": "time_constant_h має бути > 0"},
    "error.detail.heat.repaired_fraction": {
        "en": "repaired_fraction must be in (0, 1], got {got}",
        "uk": "repaired_fraction має бути в межах (0, 1], а задано {got}",
    },
    "error.detail.heat.file": {"en": "file {name}", "uk": "файл {name}"},
    "error.detail.heat.missing_column": {
        "en": "missing column {column} (needs {needs})",
        "uk": "бракує стовпця {column} (потрібні: {needs})",
    },
    "error.detail.heat.duplicate_name": {"en": "duplicate name {name}", "uk": "назва {name} повторюється"},
    "error.detail.heat.unknown_node": {
        "en": "{name} refers to unknown node {node}",
        "uk": "{name} посилається на невідомий вузол {node}",
    },
    "error.detail.heat.unknown_building_type_of": {
        "en": "unknown building_type {name} (one of: {known})",
        "uk": "невідомий building_type {name} (допустимі: {known})",
    },
    "error.detail.heat.at_least_zero_for": {
        "en": "{field} must be a number >= 0, got {got} for {name}",
        "uk": "{field} має бути числом >= 0, а для {name} задано {got}",
    },
    "error.detail.heat.loss_and_preset": {
        "en": "{name} gives both heat_loss_w_per_m_k and insulation",
        "uk": "для {name} задано і heat_loss_w_per_m_k, і insulation",
    },
    "error.detail.heat.no_loss": {
        "en": "{name} has no heat_loss_w_per_m_k and no insulation preset",
        "uk": "для {name} немає ні heat_loss_w_per_m_k, ні типового варіанта insulation",
    },
    "error.detail.heat.dhw_both": {
        "en": "{name} gives both dhw_kw and dhw_litres_per_person_per_day",
        "uk": "для {name} задано і dhw_kw, і dhw_litres_per_person_per_day",
    },
    "error.detail.heat.of_source": {"en": "source {name}: {detail}", "uk": "джерело {name}: {detail}"},
    "error.detail.heat.unknown_kind": {
        "en": "unknown kind {kind} (one of: {known})",
        "uk": "невідомий тип {kind} (допустимі: {known})",
    },
    "error.detail.heat.capacity": {"en": "capacity_kw must be > 0, got {got}", "uk": "capacity_kw має бути > 0, а задано {got}"},
    "error.detail.heat.unknown_fuel": {
        "en": "unknown fuel {fuel} (one of: {known})",
        "uk": "невідоме паливо {fuel} (допустимі: {known})",
    },
    "error.detail.heat.efficiency": {
        "en": "efficiency must be in (0, 1.2], got {got}",
        "uk": "efficiency має бути в межах (0, 1.2], а задано {got}",
    },
    "error.detail.heat.source_node": {
        "en": "source {name} placed at unknown node {node}",
        "uk": "джерело {name} розміщено в невідомому вузлі {node}",
    },
    "error.detail.heat.source_name_used": {
        "en": "source name {name} is already used",
        "uk": "назву джерела {name} уже використано",
    },
    "error.detail.heat.unknown_source": {
        "en": "unknown heat source {name} (sources: {known})",
        "uk": "невідоме джерело тепла {name} (джерела: {known})",
    },
    "error.detail.heat.unknown_pipe": {
        "en": "unknown pipe {name} (not a route of heat network {network})",
        "uk": "невідома труба {name} (такої траси в тепловій мережі {network} немає)",
    },
    "error.detail.heat.unknown_insulation": {
        "en": "unknown insulation preset {preset} (one of: {known})",
        "uk": "невідомий типовий варіант ізоляції {preset} (допустимі: {known})",
    },
    "error.detail.heat.unknown_oblast": {
        "en": "unknown oblast {oblast} (one of: {known})",
        "uk": "невідома область {oblast} (допустимі: {known})",
    },
    "error.detail.heat.hour": {"en": "hour must be 0..23, got {got}", "uk": "hour має бути від 0 до 23, а задано {got}"},
    "error.detail.heat.design_below_indoor": {
        "en": "design_outdoor_temp_c must be below indoor_temp_c",
        "uk": "design_outdoor_temp_c має бути нижче за indoor_temp_c",
    },
    "error.detail.heat.temperature_order": {
        "en": "temperatures must satisfy indoor_temp_c < design_return_temp_c < design_supply_temp_c",
        "uk": "температури мають задовольняти умову indoor_temp_c < design_return_temp_c < design_supply_temp_c",
    },
    "error.detail.heat.flow_margin": {"en": "flow_margin must be >= 1", "uk": "flow_margin має бути >= 1"},
    "error.detail.heat.mode": {
        "en": "mode must be 'sequential' or 'bidirectional', got {got}",
        "uk": "mode має бути 'sequential' або 'bidirectional', а задано {got}",
    },
    "error.detail.heat.pump_efficiency": {
        "en": "pump_efficiency must be in (0, 1]",
        "uk": "pump_efficiency має бути в межах (0, 1]",
    },
    "error.detail.heat.pressures": {"en": "pressures must be positive", "uk": "тиски мають бути додатними"},
    "error.detail.heat.no_sources": {
        "en": "heat network {network} has no heat sources",
        "uk": "теплова мережа {network} не має джерел тепла",
    },
    "error.detail.cost.no_cost": {
        "en": "no cost for source kind {kind} (priced: {priced})",
        "uk": "немає вартості для типу джерела {kind} (є ціни для: {priced})",
    },
    "error.detail.cost.no_fuel_price": {
        "en": "{case} burns {fuel} but no [fuel_prices.{fuel}] is given",
        "uk": "{case} спалює {fuel}, але розділу [fuel_prices.{fuel}] немає",
    },
    "error.detail.cost.no_option": {
        "en": "no option {option} in {file} (options: {known})",
        "uk": "у {file} немає варіанта {option} (варіанти: {known})",
    },
    "error.detail.cost.no_diesel_price": {
        "en": "a generator comparison burns diesel but no [fuel_prices.diesel] is given",
        "uk": "порівняння генераторів спалює дизельне паливо, але розділу [fuel_prices.diesel] немає",
    },
    "error.detail.cost.unknown_building": {"en": "unknown building {name}", "uk": "невідома будівля {name}"},
    "error.detail.cost.no_options": {
        "en": "{file} has no [[options]] to compare",
        "uk": "у {file} немає [[options]] для порівняння",
    },
    "error.detail.cost.no_generator_options": {
        "en": "a site-power comparison needs at least one generator option",
        "uk": "для порівняння електроживлення об'єкта потрібен принаймні один варіант генератора",
    },
    "error.detail.cost.one_base": {
        "en": "give exactly one of heat, power (a site-power scenario) and water",
        "uk": "задайте рівно одне з: heat, power (сценарій електроживлення об'єкта) чи water",
    },
    "error.detail.cost.water_site_heat": {
        "en": "water_site (a site-power scenario) goes with a heat base only",
        "uk": "water_site (сценарій електроживлення об'єкта) можна задавати лише разом із heat",
    },
    "error.detail.cost.gt_zero": {"en": "{field} must be > 0, got {got}", "uk": "{field} має бути > 0, а задано {got}"},
    "error.detail.cost.at_least_zero": {"en": "{field} must be >= 0, got {got}", "uk": "{field} має бути >= 0, а задано {got}"},
    "error.detail.cost.file": {"en": "file {name}", "uk": "файл {name}"},
    "error.detail.cost.site_has_chp": {
        "en": "{file} has [[chp]] units of its own; the comparison feeds the station from each heat option's CHP units "
        "(remove them)",
        "uk": "у {file} є власні установки [[chp]]; порівняння живить станцію від когенераційних установок кожного "
        "теплового варіанта (вилучіть їх)",
    },
    "error.detail.cost.unknown_kind": {
        "en": "unknown kind {kind} (one of: {known})",
        "uk": "невідомий тип {kind} (допустимі: {known})",
    },
    "error.detail.cost.kind_not_priced": {
        "en": "no cost for {kind} in the library (priced: {priced}; give its technology record a cost_technology)",
        "uk": "у бібліотеці немає вартості для {kind} (є ціни для: {priced}; задайте в записі технології cost_technology)",
    },
    "error.detail.cost.unknown_fuel": {"en": "unknown fuel (one of: {known})", "uk": "невідоме паливо (допустимі: {known})"},
    "error.detail.cost.unknown_technology": {
        "en": "unknown technology (library: {known})",
        "uk": "невідома технологія (у бібліотеці: {known})",
    },
    "error.detail.cost.horizon_at_least_one": {"en": "horizon_years must be >= 1", "uk": "horizon_years має бути >= 1"},
    "error.detail.cost.discount_rate": {
        "en": "discount_rate must be a fraction such as {example}, got {got}",
        "uk": "discount_rate має бути часткою одиниці, наприклад {example}, а задано {got}",
    },
    "error.detail.cost.currency_eur": {
        "en": "reports are in EUR; give other currencies' rates in exchange_rates, got {got}",
        "uk": "звіти складаються в EUR; курси інших валют задайте в exchange_rates, а задано {got}",
    },
    "error.detail.cost.horizon_range": {
        "en": "horizon_years must be between 1 and 60",
        "uk": "horizon_years має бути від 1 до 60",
    },
    "error.detail.cost.full_load_hours": {
        "en": "full_load_hours must be between 0 and 8760",
        "uk": "full_load_hours має бути від 0 до 8760",
    },
    "error.detail.cost.rates_date": {
        "en": 'give the day or period of the rates, e.g. "2025-06-30" or "2025 average"',
        "uk": 'задайте день або період курсів, наприклад "2025-06-30" чи "2025 average"',
    },
    "error.detail.cost.missing_price_year": {"en": "missing price_year", "uk": "бракує price_year"},
    "error.detail.cost.unknown_currency": {
        "en": "unknown currency {currency} (known: {known}; add it to [economics] exchange_rates)",
        "uk": "невідома валюта {currency} (відомі: {known}; додайте її до exchange_rates у [economics])",
    },
    "error.detail.cost.number_above_zero": {"en": "a number > 0", "uk": "число > 0"},
    "error.detail.cost.library_cell": {
        "en": "row {row}, column {column}: expected {need}, got {got}",
        "uk": "рядок {row}, стовпець {column}: очікується {need}, а задано {got}",
    },
    # --- issue 15: rec/tel/cli errors in Ukrainian (helper uk3) ---
    "error.detail.rec.table_like": {
        "en": "expected a table like {example}, got {got}",
        "uk": "очікується таблиця на кшталт {example}, а задано {got}",
    },
    "error.detail.rec.unknown_trade": {
        "en": "unknown trade (expected: {known})",
        "uk": "невідомий фах бригади (допустимі: {known})",
    },
    "error.detail.rec.expected": {"en": "expected {what}", "uk": "очікується {what}"},
    "error.detail.rec.unknown_key": {
        "en": "unknown key {field} (expected: {known})",
        "uk": "невідомий ключ {field} (допустимі: {known})",
    },
    "error.detail.rec.missing_key": {"en": "missing key {field}", "uk": "бракує ключа {field}"},
    "error.detail.rec.array_of_tables": {
        "en": "{section} must be an array of tables",
        "uk": "{section} має бути масивом таблиць",
    },
    "error.detail.rec.not_damaged": {
        "en": "{element} is not damaged in this scenario",
        "uk": "{element} у цьому сценарії не пошкоджено",
    },
    "error.detail.rec.element_twice": {
        "en": "element {name} is listed twice",
        "uk": "елемент {name} указано двічі",
    },
    "error.detail.rec.not_option": {
        "en": "{name} is not an [[options]] entry of this scenario",
        "uk": "{name} не є записом [[options]] цього сценарію",
    },
    "error.detail.rec.below_horizon": {
        "en": "must be below horizon_days ({horizon_days}), got {got}",
        "uk": "має бути меншим за horizon_days ({horizon_days}), а задано {got}",
    },
    "error.detail.rec.option_twice": {"en": "option {name} is listed twice", "uk": "варіант {name} указано двічі"},
    "error.detail.rec.plan_needs": {
        "en": "needs a name and a non-empty stages array",
        "uk": "потрібні назва (name) і непорожній масив етапів (stages)",
    },
    "error.detail.rec.city_or_table": {
        "en": "give either city (climate normals) or outdoor_temp_c (a table), not both",
        "uk": "задайте або city (кліматичні норми), або outdoor_temp_c (таблицю), але не обидва",
    },
    "error.detail.rec.temps_short": {
        "en": "expected at least horizon_days ({horizon_days}) numbers, one a day",
        "uk": "очікується щонайменше horizon_days ({horizon_days}) чисел, по одному на добу",
    },
    "error.detail.rec.needs_weather": {
        "en": "needs city (and start) for climate normals, or an outdoor_temp_c table",
        "uk": "потрібне місто city (і start) для кліматичних норм або таблиця outdoor_temp_c",
    },
    "error.detail.rec.path": {"en": "{where} -> {detail}", "uk": "{where} -> {detail}"},
    "error.detail.rec.table_like_only": {
        "en": "expected a table like {example}",
        "uk": "очікується таблиця на кшталт {example}",
    },
    "error.detail.rec.unknown_building": {
        "en": "unknown building type (one of: {known})",
        "uk": "невідомий тип будівлі (один із: {known})",
    },
    "error.detail.rec.bad_normals_row": {
        "en": "bad row (monthly temperature or source)",
        "uk": "хибний рядок (середньомісячна температура чи джерело)",
    },
    "error.detail.rec.day_month": {
        "en": "expected a day and month like {example}, got {got}",
        "uk": "очікуються день і місяць на кшталт {example}, а задано {got}",
    },
    "error.detail.rec.no_such_day": {
        "en": "no such day {got} (day-month of a 365-day year)",
        "uk": "такого дня немає: {got} (день-місяць року з 365 днів)",
    },
    "error.detail.rec.no_normals": {
        "en": "{city} has no climate normals (one of: {known})",
        "uk": "для {city} немає кліматичних норм (є для: {known})",
    },
    "error.detail.rec.bad_duration_row": {
        "en": "bad row (duration, trade or source)",
        "uk": "хибний рядок (тривалість, фах бригади чи джерело)",
    },
    "error.detail.rec.no_duration": {
        "en": "no default repair duration for element type {element_type}",
        "uk": "для типу елемента {element_type} немає типової тривалості ремонту",
    },
    "error.detail.rec.crew_counts": {
        "en": "each count must be 1..{max_crews}, got {got}",
        "uk": "кожна кількість має бути від 1 до {max_crews}, а задано {got}",
    },
    "error.detail.rec.mobilisation_range": {
        "en": "need 0 <= low <= high <= {max_days}, got {got}",
        "uk": "потрібно 0 <= нижня <= верхня <= {max_days}, а задано {got}",
    },
    "error.detail.rec.trade.water": {"en": "water", "uk": "водопровідна"},
    "error.detail.rec.trade.heat": {"en": "heat", "uk": "теплова"},
    "error.detail.rec.trade.electrical": {"en": "electrical", "uk": "електрична"},
    "error.detail.rec.idle_heat_trade": {
        "en": "no repair of a heat scenario needs any {trade} crew",
        "uk": "жодному ремонту теплового сценарію не потрібна {trade} бригада",
    },
    "error.detail.rec.idle_trade": {
        "en": "no repair in this scenario needs any {trade} crew",
        "uk": "жодному ремонту в цьому сценарії не потрібна {trade} бригада",
    },
    "error.detail.rec.need_crew": {
        "en": "the repairs need at least one {trade} crew, got {count}",
        "uk": "для ремонтів потрібна щонайменше одна {trade} бригада, а задано {count}",
    },
    "error.detail.rec.beyond_horizon": {
        "en": "in service on day {day}, beyond horizon_days ({horizon_days})",
        "uk": "стає до роботи на добу {day}, пізніше за horizon_days ({horizon_days})",
    },
    "error.detail.rec.never_in_service": {
        "en": "in service from day {start} until day {until}: never in service (until_day must be after the day it "
        "enters service)",
        "uk": "у роботі з доби {start} до доби {until}: ніколи не в роботі (until_day має бути пізніше за добу, коли "
        "варіант стає до роботи)",
    },
    "error.detail.rec.plan_name_twice": {"en": "the name is used twice", "uk": "ця назва вжита двічі"},
    "error.detail.rec.no_recovery_table": {
        "en": "the scenario has no [recovery] table (horizon, weather, options over time)",
        "uk": "у сценарії немає таблиці [recovery] (горизонт, погода, варіанти в часі)",
    },
    "error.detail.rec.unknown_element": {"en": "unknown {field} {name}", "uk": "{field} {name} не знайдено"},
    "error.detail.rec.no_damage": {
        "en": "the scenario has no damage, so nothing to repair",
        "uk": "у сценарії немає пошкоджень, тож ремонтувати нічого",
    },
    "error.detail.rec.network_optimal_max": {
        "en": "network_optimal tries every order of at most {max_repairs} repairs, got {repairs}",
        "uk": "network_optimal перебирає всі порядки щонайбільше {max_repairs} ремонтів, а задано {repairs}",
    },
    "error.detail.rec.repair_twice": {"en": "repair {name} is listed twice", "uk": "ремонт {name} указано двічі"},
    "error.detail.rec.no_crew": {
        "en": "repair {name} needs one {trade} crew and there is none",
        "uk": "ремонтові {name} потрібна {trade} бригада, а її немає",
    },
    "error.detail.rec.field": {"en": "{field} {detail}", "uk": "{field} {detail}"},
    "error.detail.rec.no_solution": {
        "en": "exact schedule: no solution ({solver})",
        "uk": "точний графік: розв'язку немає ({solver})",
    },
    "error.detail.rec.optimal_max": {
        "en": "{repairs} {trade} repairs, the exact method takes at most {max_repairs}",
        "uk": "{repairs} ремонтів, яким потрібна {trade} бригада, а точний метод бере щонайбільше {max_repairs}",
    },
    "error.detail.tel.port": {"en": "port must be 1-65535, got {port}", "uk": "port має бути від 1 до 65535, а задано {port}"},
    "error.detail.tel.client_id": {
        "en": "client_id must not be empty (a persistent session is found by it)",
        "uk": "client_id не може бути порожнім (за ним знаходиться постійна сесія)",
    },
    "error.detail.tel.url": {
        "en": "url must start with http:// or https://, got {url}",
        "uk": "url має починатися з http:// або https://, а задано {url}",
    },
    "error.detail.tel.batch": {
        "en": "batch_size must be >= 1, flush_interval_s and retry_interval_s > 0",
        "uk": "batch_size має бути >= 1, а flush_interval_s і retry_interval_s > 0",
    },
    "error.detail.tel.receive_maximum": {
        "en": "receive_maximum must be batch_size ({batch_size}) to 65535, got {receive_maximum}: "
        "with fewer unacknowledged messages allowed than a batch holds, no batch ever fills",
        "uk": "receive_maximum має бути від batch_size ({batch_size}) до 65535, а задано {receive_maximum}: "
        "коли непідтверджених повідомлень дозволено менше, ніж уміщає пакет, жоден пакет не заповниться",
    },
    "error.detail.tel.intervals": {
        "en": "stats_interval_s and unhealthy_after_s must be > 0",
        "uk": "stats_interval_s і unhealthy_after_s мають бути > 0",
    },
    "error.detail.tel.hours": {"en": "hours must be 0-23", "uk": "hours мають бути від 0 до 23"},
    "error.detail.tel.alert_limits": {
        "en": "fuel_autonomy_min_h and stale_after_s must be > 0",
        "uk": "fuel_autonomy_min_h і stale_after_s мають бути > 0",
    },
    "error.detail.tel.unknown_section": {
        "en": "unknown section [{section}] (expected {known})",
        "uk": "невідомий розділ [{section}] (допустимі: {known})",
    },
    "error.detail.tel.sim_kind": {
        "en": 'the simulator needs a site-power (kind = "power") or heat scenario, got {got}',
        "uk": 'симуляторові потрібен сценарій живлення об\'єкта (kind = "power") або тепловий, а задано {got}',
    },
    "error.detail.tel.sim_tank": {
        "en": "the simulator needs the day tank size",
        "uk": "симуляторові потрібен об'єм витратного бака",
    },
    "error.detail.tel.refused": {
        "en": "the broker at {address} refused the connection: {reason}",
        "uk": "брокер за адресою {address} відмовив у з'єднанні: {reason}",
    },
    "error.detail.tel.no_password_file": {
        "en": "{file} not found: run teplovoda telemetry up --dir {dir} once first",
        "uk": "{file} не знайдено: спершу один раз запустіть teplovoda telemetry up --dir {dir}",
    },
    "error.detail.tel.fault_needs_heat": {
        "en": "--fault boiler_trip needs the heat simulation (drop --no-heat)",
        "uk": "для --fault boiler_trip потрібна теплова симуляція (приберіть --no-heat)",
    },
    "error.detail.tel.port_in_use": {
        "en": "port {port} on 127.0.0.1 is in use: is another teplovoda telemetry up running?",
        "uk": "порт {port} на 127.0.0.1 зайнятий: чи не запущено вже інший teplovoda telemetry up?",
    },
    "error.detail.tel.fault_syntax": {
        "en": "expected kind[:target][@hour[+hours]] with kind one of {kinds} "
        "(e.g. pump_trip:P2@2, sensor_stuck:P1.flow_m3_per_h@1, site_offline@3+1, fuel_exhaustion)",
        "uk": "очікується kind[:target][@hour[+hours]], де kind — один із {kinds} "
        "(напр. pump_trip:P2@2, sensor_stuck:P1.flow_m3_per_h@1, site_offline@3+1, fuel_exhaustion)",
    },
    "error.detail.tel.fault_target": {
        "en": "{kind} needs a target ({kind}:NAME@hour)",
        "uk": "для {kind} потрібна ціль ({kind}:NAME@hour)",
    },
    "error.detail.tel.boiler_trip_station": {
        "en": "fault boiler_trip applies to heat sources (a heat scenario), not to a pumping station",
        "uk": "збій boiler_trip стосується джерел тепла (тепловий сценарій), а не насосної станції",
    },
    "error.detail.tel.no_pump": {"en": "no pump {name} (pumps: {known})", "uk": "насоса {name} немає (насоси: {known})"},
    "error.detail.tel.no_case": {
        "en": "no case {case} in the heat scenario (cases: {known})",
        "uk": "у тепловому сценарії немає випадку {case} (випадки: {known})",
    },
    "error.detail.tel.no_running_source": {
        "en": "case {case} has no running heat source to simulate",
        "uk": "у випадку {case} немає працюючого джерела тепла для симуляції",
    },
    "error.detail.tel.no_source": {
        "en": "no running source {name} (sources: {known})",
        "uk": "працюючого джерела {name} немає (джерела: {known})",
    },
    "error.detail.tel.fault_heat": {
        "en": "applies to a pumping station (site-power scenario), not to heat sources",
        "uk": "стосується насосної станції (сценарій живлення об'єкта), а не джерел тепла",
    },
    "error.detail.tel.fault": {"en": "fault {kind} {detail}", "uk": "збій {kind} {detail}"},
    "error.detail.tel.site_name": {
        "en": "site name {name} must be 1-64 characters of A-Z a-z 0-9 _ . -",
        "uk": "назва об'єкта {name} має містити від 1 до 64 символів із A-Z a-z 0-9 _ . -",
    },
    "error.detail.tel.gateway_exists": {
        "en": "site {site} has a gateway account already ({user}); --replace issues a new password",
        "uk": "об'єкт {site} уже має обліковий запис шлюзу ({user}); --replace видасть новий пароль",
    },
    "error.detail.cli.file_not_found": {"en": "file {file} not found", "uk": "файл {file} не знайдено"},
    "error.detail.cli.upload.too_many": {
        "en": "{files} files uploaded; at most {limit} at a time",
        "uk": "завантажено файлів: {files}; за один раз — не більше {limit}",
    },
    "error.detail.cli.upload.too_large": {
        "en": "the upload is {size_mib} MiB; at most {limit_mib} MiB in all",
        "uk": "завантаження займає {size_mib} МіБ; разом — не більше {limit_mib} МіБ",
    },
    "error.detail.cli.upload.none": {"en": "no file uploaded", "uk": "жодного файлу не завантажено"},
    "error.detail.cli.upload.bad_name": {
        "en": "expected a scenario (.toml), an EPANET network (.inp) or a route table (.csv)",
        "uk": "очікується сценарій (.toml), мережа EPANET (.inp) або таблиця маршрутів (.csv)",
    },
    "error.detail.cli.upload.twice": {
        "en": "the same file name is uploaded twice",
        "uk": "файл із цією назвою завантажено двічі",
    },
    "error.detail.cli.upload.one_scenario": {
        "en": "upload one {kinds} scenario (.toml) with the files it refers to; got {count} among {names}",
        "uk": "завантажте один сценарій ({kinds}, .toml) разом із файлами, на які він посилається; серед {names} таких: {count}",
    },
    "error.detail.cli.upload.one_file": {
        "en": "expected one scenario file (.toml) or one EPANET network (.inp)",
        "uk": "очікується один файл сценарію (.toml) або одна мережа EPANET (.inp)",
    },
    "error.detail.cli.kind.water": {"en": "water", "uk": "водопостачання"},
    "error.detail.cli.kind.heat": {"en": "heat", "uk": "теплопостачання"},
    "error.detail.cli.kind.power": {"en": "power", "uk": "електроживлення"},
    "error.detail.cli.kind.compare": {"en": "compare", "uk": "порівняння"},
    "error.detail.cli.path.nul": {"en": "contains a NUL character", "uk": "містить символ NUL"},
    "error.detail.cli.path.unresolved": {
        "en": "is a path that cannot be resolved",
        "uk": "— шлях, який неможливо розкрити",
    },
    "error.detail.cli.path.outside": {
        "en": "points outside the uploaded files",
        "uk": "вказує за межі завантажених файлів",
    },
    "error.detail.cli.damage.no_type": {
        "en": "choose a type (one of: {known})",
        "uk": "виберіть тип (один із: {known})",
    },
    "error.detail.cli.damage.unknown": {
        "en": "unknown damage {name} (one of: {known})",
        "uk": "невідомий тип пошкодження {name} (один із: {known})",
    },
    "error.detail.cli.damage.name_the": {"en": "name the {what}", "uk": "вкажіть назву елемента ({what})"},
    "error.detail.cli.value_needed": {"en": "a value is needed", "uk": "потрібне значення"},
    "error.detail.cli.expected_number": {
        "en": "expected a number {rule}, got {got}",
        "uk": "очікується число {rule}, а задано {got}",
    },
    "error.detail.cli.one_of": {"en": "expected one of {known}, got {got}", "uk": "очікується одне з: {known}, а задано {got}"},
    "error.detail.cli.hours": {"en": "expected hours 0 to 23", "uk": "очікуються години від 0 до 23"},
    # --- issue 16: rolling blackouts over a recovery horizon and generator deliveries (models/recovery/blackout.py) ---
    "error.detail.rec.blackout.horizon": {
        "en": "horizon_days must be > 0 and <= {max_days}, got {got}",
        "uk": "horizon_days має бути > 0 і <= {max_days}, а задано {got}",
    },
    "error.detail.rec.blackout.name_twice": {"en": "name {name} is used twice", "uk": "назва {name} вжита двічі"},
    "error.detail.rec.blackout.pump": {
        "en": "pumps must name timetabled pumps ({known}), got {got}",
        "uk": "pumps має називати насоси з графіка відключень ({known}), а задано {got}",
    },
    "error.detail.rec.blackout.lead": {
        "en": "lead_time_days must be >= 0 and below horizon_days ({horizon}), got {got}",
        "uk": "lead_time_days має бути >= 0 і менше за horizon_days ({horizon}), а задано {got}",
    },
    "error.detail.rec.blackout.cost": {
        "en": "cost_eur must be >= 0 and <= {max_eur:g}, got {got}",
        "uk": "cost_eur має бути >= 0 і <= {max_eur:g}, а задано {got}",
    },
    "error.detail.rec.blackout.needs": {
        "en": "needs a name and the pumps it powers (pumps = [...])",
        "uk": "потрібні назва і насоси, які він живить (pumps = [...])",
    },
    "error.detail.rec.blackout.no_timetable": {
        "en": "[simulation] needs grid_on (24 hourly 0 or 1) and no generator",
        "uk": "у [simulation] потрібен grid_on (24 години по 0 або 1) і без генератора",
    },
    # --- issue 16: teplovoda water blackout (ui/cli.py water_blackout, ui/recovery_plots.py blackout_chart) ---
    "cli.blackout.title": {
        "en": "Rolling blackouts over {days} days: {name}",
        "uk": "Графікові відключення за {days} діб: {name}",
    },
    "cli.blackout.col.option": {"en": "option", "uk": "варіант"},
    "cli.blackout.col.arrives": {"en": "arrives, day", "uk": "прибуває, доба"},
    "cli.blackout.col.before": {"en": "lost per day before, person-days", "uk": "втрати за добу до, людино-діб"},
    "cli.blackout.col.after": {"en": "lost per day after, person-days", "uk": "втрати за добу після, людино-діб"},
    "cli.blackout.col.person_days": {"en": "person-days without water", "uk": "людино-діб без води"},
    "cli.blackout.col.saved": {"en": "saved, person-days", "uk": "збережено, людино-діб"},
    "cli.blackout.col.cost": {"en": "cost, EUR", "uk": "вартість, EUR"},
    "cli.blackout.col.per_pd": {"en": "EUR per person-day saved", "uk": "EUR за збережену людино-добу"},
    "cli.blackout.best": {
        "en": "Best value: {name} saves {saved} person-days without water, at {eur} EUR per person-day.",
        "uk": "Найвигідніше: {name} зберігає {saved} людино-діб без води, по {eur} EUR за людино-добу.",
    },
    "cli.blackout.note": {
        "en": "Each day's loss is EPANET's extended-period run of the grid timetable after a day for the tanks to "
        "settle, less the same day with every pump powered; a delivery ends it from its lead time on.",
        "uk": "Втрати доби взято з розрахунку EPANET у часі за графіком відключень після доби, за яку встановлюються "
        "рівні в резервуарах, мінус та сама доба з живленням усіх насосів; поставка припиняє їх від дня її прибуття.",
    },
    "blackout.no_generator": {"en": "no generator", "uk": "без генератора"},
    "cli.blackout.col.fuel": {"en": "diesel, L/day", "uk": "дизель, л/добу"},
    "cli.recovery.hourly": {
        "en": "Measured hour by hour ([simulation]: each stage's second day of EPANET's extended-period run, every "
        "pump powered, against the intact network's; the demand pattern's peaks and the tanks' daily cycle count):",
        "uk": "Погодинно ([simulation]: друга доба розрахунку EPANET у часі для кожного етапу, усі насоси з "
        "живленням, проти непошкодженої мережі; враховано пікові години водоспоживання й добовий цикл резервуарів):",
    },
    "cli.recovery.col.hourly": {"en": "person-days, hour by hour", "uk": "людино-діб, погодинно"},
    "cli.recovery.hourly_grid": {
        "en": "The grid timetable is not counted here: teplovoda water blackout adds the blackouts to the repairs.",
        "uk": "Графік відключень тут не враховано: teplovoda water blackout додає відключення до ремонтів.",
    },
    "cli.blackout.col.from_damage": {"en": "of which from damage", "uk": "з них через пошкодження"},
    "cli.blackout.col.from_blackouts": {"en": "of which from blackouts", "uk": "з них через відключення"},
    "cli.blackout.repairs": {
        "en": "{n} repairs by the rule {rule} ({crews}), all done on day {day}; each stage of the network measured "
        "hour by hour under the timetable",
        "uk": "{n} ремонтів за правилом {rule} ({crews}), усі завершено на добу {day}; кожен етап мережі "
        "розраховано погодинно за графіком відключень",
    },
    "cli.blackout.note_repairs": {
        "en": "Each stage of the repairs (the damage left by then) is run by EPANET for a day for the tanks to settle "
        "and a day measured, with every pump powered, on the timetable and with each offer; the damage's loss is the "
        "powered day less the intact network's, the blackouts' the timetable's day less the powered one.",
        "uk": "Кожен етап ремонтів (пошкодження, що лишилися на той час) розраховано в EPANET: доба на встановлення "
        "рівнів у резервуарах і доба вимірювання, з живленням усіх насосів, за графіком і з кожною пропозицією; "
        "втрати через пошкодження: доба з живленням мінус доба непошкодженої мережі, через відключення: доба за "
        "графіком мінус доба з живленням.",
    },
    "cli.blackout.overloaded": {
        "en": "Warning: {name}: its pumps draw {peak} kW at their peak, above the set's {rated} kW rating.",
        "uk": "Увага: {name}: насоси в піку споживають {peak} кВт, більше за номінал агрегату {rated} кВт.",
    },
    "cli.blackout.light": {
        "en": "Warning: {name} runs at {pct} % of its rating on average, below {min_pct} %: wet stacking; a smaller "
        "set or a load bank.",
        "uk": "Увага: {name} працює в середньому на {pct} % номіналу, менше за {min_pct} %: ризик «мокрого "
        "вихлопу» (незгоріле паливо в вихлопі); менший агрегат або баластне навантаження.",
    },
    "cli.blackout.col.peak_kw": {"en": "peak load, kW", "uk": "пікове навантаження, кВт"},
    "cli.blackout.col.load_pct": {"en": "mean load, % of rated", "uk": "середнє навантаження, % номіналу"},
    "cli.blackout.col.autonomy": {"en": "tank lasts, days", "uk": "бака вистачає, діб"},
    "cli.blackout.fuel_note": {
        "en": "Diesel: the set runs every grid-off hour and carries its pumps' load from the same EPANET run "
        "(pump energy), on the fuel curve of teplovoda power size; auxiliary loads, derating and motor starts "
        "are not in a water scenario (teplovoda power size checks the whole site).",
        "uk": "Дизель: агрегат працює в кожну годину без мережі й несе навантаження своїх насосів з того самого "
        "розрахунку EPANET (енергія насосів), за кривою витрати палива teplovoda power size; допоміжних "
        "навантажень, зниження потужності та пусків двигунів у водопровідному сценарії немає (teplovoda power "
        "size перевіряє весь об'єкт).",
    },
    "blackout.loss_axis": {
        "en": "person-days without water per day, thousands",
        "uk": "людино-діб без води за добу, тис.",
    },
    "blackout.chart_title": {
        "en": "Blackout losses by day and generator delivery",
        "uk": "Втрати від відключень за добами і поставками генераторів",
    },
    # --- issue 16 helper "sched": travel time, repairs in stages, electrical crews (session 2026-12-04) ---
    "error.detail.rec.stages_incomplete": {
        "en": "repair {name} lacks a stage",
        "uk": "у ремонту {name} бракує етапу",
    },
    "error.detail.rec.optimal_stages_max": {
        "en": "repairs in stages: the exact search stopped after {branches} branches without a proof",
        "uk": "ремонти в кілька етапів: точний пошук зупинився після {branches} гілок без доведення",
    },
    "error.detail.rec.trades_list": {
        "en": "expected a list of 1 to {max_stages} trades, got {got}",
        "uk": "очікувано список від 1 до {max_stages} фахів, а задано {got}",
    },
    "error.detail.rec.unknown_trade_got": {
        "en": "unknown trade {got} (expected: {known})",
        "uk": "невідомий фах бригади {got} (допустимі: {known})",
    },
    "error.detail.rec.stage_days_missing": {
        "en": "required with trades (one duration per trade)",
        "uk": "обов'язкове разом із trades (тривалість для кожного фаху)",
    },
    "error.detail.rec.stage_days_len": {
        "en": "expected a list of {n} durations (one per trade), got {got}",
        "uk": "очікувано список із {n} тривалостей (по одній на фах), а задано {got}",
    },
    "error.detail.rec.route_without_speed": {
        "en": "needs travel_speed_km_per_h (without it travel is inside each repair)",
        "uk": "потребує travel_speed_km_per_h (без нього переїзд входить у тривалість кожного ремонту)",
    },
    "cli.recovery.travel": {
        "en": "Travel: crews leave the depot at ({x}, {y}) m and drive between jobs at {speed} km/h, the straight line "
        "x {factor} (route factor, an assumption), round the clock; a job starts on arrival",
        "uk": "Переїзди: бригади виїжджають із бази в ({x}, {y}) м і їдуть між роботами зі швидкістю {speed} км/год, "
        "відстань по прямій x {factor} (коефіцієнт маршруту, припущення), цілодобово; робота починається після прибуття",
    },
    "cli.recovery.no_travel": {
        "en": "Travel: inside each repair's duration (no travel_speed_km_per_h)",
        "uk": "Переїзди: входять у тривалість кожного ремонту (travel_speed_km_per_h не задано)",
    },
    "cli.recovery.enumerated": {
        "en": "exact by exhaustive search (every crew sequence or order tried): proven optimum of its objective, gap 0",
        "uk": "точно, повним перебором (усі черговості бригад чи порядки): доведений оптимум своєї мети, розрив 0",
    },
    "cli.recovery.stage_label": {"en": "{element} (stage {n} of {of})", "uk": "{element} (етап {n} з {of})"},
    "cli.recovery.optimal_skipped_stages": {
        "en": "The exact method is left out: its search of the repairs in stages stopped after {n} branches without a proof.",
        "uk": "Точний метод пропущено: його пошук для ремонтів у кілька етапів зупинився після {n} гілок без доведення.",
    },
    "cli.recovery.orders_tried": {
        "en": "every order of the repairs tried, each list-scheduled (with travel or repairs in stages: the best of "
        "those orders, not proven over every crew assignment)",
        "uk": "перебрано всі порядки ремонтів, кожен розкладено за списком (з переїздами чи етапами: найкращий із цих "
        "порядків, без доведення для всіх розподілів між бригадами)",
    },
    # --- end of issue 16 helper "sched" block ---
    # --- issue 16 heat side (wt-heat): frozen buildings off the network, heat recovery-sweep ---
    "recovery.type.building_risers": {
        "en": "risers and radiators of a frozen building",
        "uk": "стояки й радіатори промерзлого будинку",
    },
    "cli.rhsweep.title": {
        "en": "Heat recovery timing over samples: {name}: {samples} samples, seed {seed}, lead times x {lead_lo}-{lead_hi}, "
        "repairs x {rep_lo}-{rep_hi}",
        "uk": "Терміни відновлення тепла за вибірками: {name}: вибірок {samples}, зерно {seed}, терміни постачання "
        "x {lead_lo}-{lead_hi}, ремонти x {rep_lo}-{rep_hi}",
    },
    "cli.rhsweep.stats": {
        "en": "Person-days without heat and buildings frozen by plan over the samples",
        "uk": "Людино-доби без тепла і промерзлі будинки за планами по вибірках",
    },
    "cli.rhsweep.col.person_days": {"en": "person-days", "uk": "людино-доби"},
    "cli.rhsweep.col.frozen": {"en": "frozen", "uk": "промерзло"},
    "cli.rhsweep.note": {
        "en": "Each sample draws every option's lead time, every repair's duration and the frozen buildings' repair "
        "days as the scenario's figure times a factor uniform in its spread, and runs every plan as heat recovery does.",
        "uk": "Кожна вибірка бере термін постачання кожного варіанта, тривалість кожного ремонту і дні ремонту "
        "промерзлих будинків як значення сценарію, помножене на рівномірно розподілений множник з його діапазону, і "
        "розраховує кожен план так само, як heat recovery.",
    },
    "cli.rhsweep.chart_x": {"en": "person-days without heat, thousands", "uk": "людино-доби без тепла, тис."},
    "cli.rhsweep.chart_title": {
        "en": "{name}\nperson-days without heat, {samples} samples",
        "uk": "{name}\nлюдино-доби без тепла, вибірок {samples}",
    },
    "error.detail.rec.spread": {
        "en": "expected [low, high] factors with 0 < low <= high <= {max_spread}, got {got}",
        "uk": "очікувалися множники [нижній, верхній] з 0 < нижній <= верхній <= {max_spread}, задано {got}",
    },
    # --- issue 16 helper "wcmp": water recovery over days in the comparison (session 2026-12-04) ---
    "export.col.person_days_without_water": {"en": "Person-days without water", "uk": "Людино-доби без води"},
    "export.col.water_person_days_restored": {
        "en": "Person-days of water restored (against the repairs alone)",
        "uk": "Відновлені людино-доби водопостачання (порівняно з самими ремонтами)",
    },
    "export.col.days_to_critical_water_restored": {
        "en": "Critical district with water again from day",
        "uk": "Критичний район знову з водою з доби",
    },
    "rcompare.water.best": {
        "en": "Best value over the first {days} days: {option}, {restored} person-days of water restored against the "
        "repairs alone, at {cost} EUR per person-day{critical}",
        "uk": "Найвигідніше за перші {days} діб: {option}, відновлює {restored} людино-діб водопостачання порівняно з "
        "самими ремонтами, по {cost} EUR за людино-добу{critical}",
    },
    "rcompare.water.critical_day": {
        "en": "; the critical district has water again from day {day}.",
        "uk": "; критичний район знову з водою з доби {day}.",
    },
    "rcompare.water.critical_never": {
        "en": "; the critical district has no water again within the horizon.",
        "uk": "; критичний район не отримує води до кінця періоду.",
    },
    "rcompare.water.intro": {
        "en": "People with water day by day: the crews' repairs (the schedule below, the same in every plan) and each "
        "option from its lead time. The shaded area between an option's line and the repairs alone is the "
        "person-days of water it restores. The ranking is on the cost per person-day restored.",
        "uk": "Люди з водою день за днем: ремонти бригад (графік нижче, однаковий для всіх планів) і кожен варіант від "
        "його строку введення. Зафарбована площа між лінією варіанта та самими ремонтами: відновлені ним "
        "людино-доби водопостачання. Рейтинг складено за вартістю відновленої людино-доби.",
    },
    "rcompare.water.curve_title": {
        "en": "{option}: {value} thousand person-days of water restored",
        "uk": "{option}: відновлено {value} тис. людино-діб водопостачання",
    },
    "rcompare.water.people": {"en": "people with water", "uk": "люди з водою"},
    "rcompare.water.no_action": {"en": "repairs only", "uk": "лише ремонти"},
    "rcompare.water.sheet.day": {"en": "From day", "uk": "Від доби"},
    "rcompare.water.sheet.people": {"en": "People with water: {plan}, people", "uk": "Люди з водою: {plan}, осіб"},
    "rcompare.blackout.title": {
        "en": "Generator offers against rolling blackouts",
        "uk": "Пропозиції генераторів проти графікових відключень",
    },
    "rcompare.blackout.intro": {
        "en": "Person-days without water over the first {days} days from the grid timetable (and, with damage, while the "
        "crews repair), without a generator and with each offer from its arrival, as teplovoda water blackout counts "
        "them on EPANET's extended-period run; apart from the options' person-days above.",
        "uk": "Людино-доби без води за перші {days} діб через графік відключень (а за пошкоджень: поки бригади "
        "ремонтують), без генератора і з кожною пропозицією від її прибуття, як їх рахує teplovoda water blackout "
        "за розрахунком EPANET у часі; окремо від людино-діб варіантів вище.",
    },
    "rcompare.horizon": {"en": "{title}, first {days} days", "uk": "{title}, перші {days} діб"},
    # --- end of issue 16 helper "wcmp" block ---
    # --- issue 17: programme portfolio (teplovoda portfolio allocate) ---
    "error.detail.port.grid_either": {
        "en": "give either grid_hours_per_day or grid_pattern (one of {patterns})",
        "uk": "задайте або grid_hours_per_day, або grid_pattern (одне з {patterns})",
    },
    "error.detail.port.sheet": {"en": "sheet {name}", "uk": "аркуш {name}"},
    "error.detail.port.not_csv": {"en": "not a readable CSV sheet ({reason})", "uk": "не читається як аркуш CSV ({reason})"},
    "error.detail.port.empty_sheet": {
        "en": "empty sheet: no header row and no rows",
        "uk": "порожній аркуш: немає ні рядка заголовків, ні рядків",
    },
    "error.detail.port.unknown_column": {
        "en": "unknown column {column} (expected: {known})",
        "uk": "невідомий стовпець {column} (очікуються: {known})",
    },
    "error.detail.port.missing_column": {"en": "missing column {column}", "uk": "бракує стовпця {column}"},
    "error.detail.port.extra_cells": {
        "en": "{cells} cells but {columns} columns",
        "uk": "{cells} клітинок, а стовпців {columns}",
    },
    "error.detail.port.too_many_rows": {"en": "more than {rows:,} rows", "uk": "понад {rows:,} рядків"},
    "error.detail.port.no_rows": {"en": "empty sheet: a header and no rows", "uk": "порожній аркуш: заголовок без рядків"},
    "error.detail.port.pump_site": {"en": "no site {site} in {file}", "uk": "немає об'єкта {site} у {file}"},
    "error.detail.port.no_pumps": {"en": "no pumps for this site in {file}", "uk": "у {file} немає насосів цього об'єкта"},
    "error.detail.port.committed_unknown": {
        "en": "set type {set_type} is not in {file}",
        "uk": "типу агрегату {set_type} немає у {file}",
    },
    "error.detail.port.committed_over": {
        "en": "more sites committed to {set_type} than its count ({count})",
        "uk": "за {set_type} закріплено більше об'єктів, ніж є агрегатів ({count})",
    },
    "error.detail.port.no_fuel_price": {
        "en": "no fuel price for oblast {oblast} (and no default_fuel_price_eur_per_l)",
        "uk": "немає ціни пального для області {oblast} (і не задано default_fuel_price_eur_per_l)",
    },
    "error.detail.port.quota_oblast": {"en": "no site in oblast {oblast}", "uk": "в області {oblast} немає жодного об'єкта"},
    "error.detail.port.infeasible": {
        "en": "no allocation meets every constraint: the must-serve sites, committed sets and quotas need more sets or budget",
        "uk": "жоден розподіл не виконує всіх умов: обов'язковим об'єктам, закріпленим агрегатам і квотам "
        "бракує агрегатів або бюджету",
    },
    "why.port.committed_fails": {
        "en": "committed {set_type}, which fails the check (short by {shortfall_kva} kVA)",
        "uk": "закріплено {set_type}, який не проходить перевірку (бракує {shortfall_kva} кВА)",
    },
    "why.port.assigned": {
        "en": "{set_type} passes; adds {people_hours_per_day} people-hours of water a day, {per_eur} per EUR",
        "uk": "{set_type} проходить; додає {people_hours_per_day} людино-годин води на добу, {per_eur} на EUR",
    },
    "why.port.full_day": {"en": "water all day without a new set", "uk": "вода цілу добу і без нового агрегату"},
    "why.port.none_passes": {
        "en": "no set type passes: the largest ({kva} kVA) is short by {shortfall_kva} kVA",
        "uk": "жоден тип агрегату не проходить: найбільшому ({kva} кВА) бракує {shortfall_kva} кВА",
    },
    "why.port.no_gain": {
        "en": "a passing set adds no water (no fuel deliveries allowed)",
        "uk": "придатний агрегат не додає води (доставки пального неможливі)",
    },
    "why.port.not_chosen": {
        "en": "{set_type} and larger would pass; the counts and budget serve more people-hours elsewhere",
        "uk": "пройшли б {set_type} і більші; за наявної кількості й бюджету деінде агрегати дають більше людино-годин",
    },
    "cli.port.title": {"en": "Programme portfolio: {name}", "uk": "Портфель програми: {name}"},
    "cli.port.setup": {
        "en": "{sites} sites, {types} set types, budget {budget} EUR, people-hours over {days} days",
        "uk": "{sites} об'єктів, {types} типів агрегатів, бюджет {budget} EUR, людино-години за {days} діб",
    },
    "cli.port.col.site": {"en": "site", "uk": "об'єкт"},
    "cli.port.col.oblast": {"en": "oblast", "uk": "область"},
    "cli.port.col.set": {"en": "set", "uk": "агрегат"},
    "cli.port.col.ph_day": {"en": "people-h/day added", "uk": "дод. людино-год/добу"},
    "cli.port.col.fuel": {"en": "fuel, L/day", "uk": "пальне, л/добу"},
    "cli.port.col.deliveries": {"en": "deliveries/week", "uk": "доставок/тиждень"},
    "cli.port.col.cost": {"en": "cost, EUR", "uk": "вартість, EUR"},
    "cli.port.col.why": {"en": "why", "uk": "чому"},
    "cli.port.col.change": {"en": "change", "uk": "зміна"},
    "cli.port.col.ph": {"en": "people-hours", "uk": "людино-години"},
    "cli.port.col.ph_change": {"en": "difference, people-hours", "uk": "різниця, людино-годин"},
    "cli.port.col.sets": {"en": "sets", "uk": "агрегатів"},
    "cli.port.col.fuel_cost": {"en": "fuel, EUR/day", "uk": "пальне, EUR/добу"},
    "cli.port.xlsx.total": {"en": "total", "uk": "підсумок"},
    "cli.port.xlsx.value": {"en": "value", "uk": "значення"},
    "cli.port.xlsx.sites_served": {"en": "sites that get a set", "uk": "об'єктів, що отримують агрегат"},
    "cli.port.xlsx.people_served": {"en": "people at those sites", "uk": "людей на цих об'єктах"},
    "cli.port.xlsx.cost_eur": {"en": "cost, EUR", "uk": "вартість, EUR"},
    "cli.port.xlsx.budget_eur": {"en": "budget, EUR", "uk": "бюджет, EUR"},
    "cli.port.xlsx.people_hours": {"en": "people-hours of water added", "uk": "додано людино-годин води"},
    "cli.port.xlsx.greedy_people_hours": {
        "en": "greedy baseline (most people-hours per EUR first), people-hours",
        "uk": "жадібний розподіл (найбільше людино-годин на EUR першими), людино-годин",
    },
    "cli.port.xlsx.exact_minus_greedy": {
        "en": "exact allocation less greedy, people-hours",
        "uk": "точний розподіл мінус жадібний, людино-годин",
    },
    "cli.port.xlsx.mip_gap": {"en": "MILP gap (HiGHS), share", "uk": "розрив MILP (HiGHS), частка"},
    "cli.port.totals": {
        "en": "{served} of {sites} sites get a set; {people} people; cost {cost} EUR of {budget} EUR.",
        "uk": "Агрегат отримують {served} з {sites} об'єктів; {people} людей; вартість {cost} EUR з {budget} EUR.",
    },
    "cli.port.people_hours": {
        "en": "People-hours of water added: {total} over the horizon ({per_day} a day once every set has arrived).",
        "uk": "Додано людино-годин води: {total} за період ({per_day} на добу, коли прибули всі агрегати).",
    },
    "cli.port.vs_greedy": {
        "en": "Greedy (most people-hours per EUR first): {greedy} people-hours; the exact allocation gives {diff} more "
        "({pct} %); greedy meets every constraint: {ok}.{gap}",
        "uk": "Жадібний розподіл (найбільше людино-годин на EUR першими): {greedy} людино-годин; точний розподіл дає на "
        "{diff} більше ({pct} %); жадібний виконує всі умови: {ok}.{gap}",
    },
    "cli.port.gap": {"en": " MILP gap (HiGHS): {gap} %.", "uk": " Розрив MILP (HiGHS): {gap} %."},
    "cli.port.marginal": {
        "en": "What one more set of a type, or the budget 10 % lower or higher, buys (exact allocation solved again):",
        "uk": "Що дає ще один агрегат типу або бюджет на 10 % менший чи більший (точний розподіл наново):",
    },
    "cli.port.fuel": {"en": "Fuel logistics per oblast:", "uk": "Логістика пального за областями:"},
    "cli.port.extra": {"en": "one more {set_type}", "uk": "ще один {set_type}"},
    "cli.port.budget_step": {"en": "budget {pct} %", "uk": "бюджет {pct} %"},
    "why.port.must_unservable": {
        "en": "must be served, but no set type can: the largest ({kva} kVA) is short by {shortfall_kva} kVA",
        "uk": "має бути забезпечений, але жоден тип агрегату не може: найбільшому ({kva} кВА) бракує {shortfall_kva} кВА",
    },
    "cli.port.unservable": {
        "en": "Must-serve sites no set type can serve (left out of that constraint): {sites}",
        "uk": "Обов'язкові об'єкти, яких не може забезпечити жоден тип агрегату (без цієї умови): {sites}",
    },
    # -- issue 18 point 3: the Modbus gateway (telemetry/modbus.py) --
    "error.detail.tel.modbus.no_map": {
        "en": "no register map file (shipped maps: {maps})",
        "uk": "немає файла карти регістрів (постачаються карти: {maps})",
    },
    "error.detail.tel.modbus.not_text": {
        "en": "not a readable UTF-8 text file",
        "uk": "не вдається прочитати як текстовий файл UTF-8",
    },
    "error.detail.tel.modbus.kind": {
        "en": "unknown asset kind {got} (one of {kinds})",
        "uk": "невідомий вид об'єкта {got} (один з: {kinds})",
    },
    "error.detail.tel.modbus.no_kind": {
        "en": 'no "# kind: <asset kind>" line (one of {kinds})',
        "uk": 'немає рядка "# kind: <вид об\'єкта>" (один з: {kinds})',
    },
    "error.detail.tel.modbus.empty": {"en": "no header and no registers", "uk": "немає ні заголовка, ні регістрів"},
    "error.detail.tel.modbus.header": {
        "en": "the header needs {needed} and may have {known}",
        "uk": "заголовок мусить мати {needed} і може мати {known}",
    },
    "error.detail.tel.modbus.cells": {
        "en": "{got} cells where the header has {want}",
        "uk": "{got} клітинок, а в заголовку {want}",
    },
    "error.detail.tel.modbus.one_of": {
        "en": "expected one of {known}, got {got}",
        "uk": "очікується одне з: {known}, а задано {got}",
    },
    "error.detail.tel.modbus.field": {
        "en": "{kind} has no schema v1 field {got} (fields: {fields})",
        "uk": "у {kind} немає поля схеми v1 {got} (поля: {fields})",
    },
    "error.detail.tel.modbus.bit": {
        "en": "a bit (0-15) reads a true/false field from a uint16 status word",
        "uk": "біт (0-15) читає поле так/ні зі слова стану типу uint16",
    },
    "error.detail.tel.modbus.unit": {
        "en": "{field} is in {want}: the unit must be one of {fits}, got {got}",
        "uk": "{field} вимірюється в {want}: одиниця має бути однією з {fits}, а задано {got}",
    },
    "error.detail.tel.modbus.field_twice": {
        "en": "field {field} is mapped already in row {other}",
        "uk": "поле {field} уже зіставлене в рядку {other}",
    },
    "error.detail.tel.modbus.duplicate": {
        "en": "duplicate {function} address {address} (row {other})",
        "uk": "адреса {function} {address} повторюється (рядок {other})",
    },
    "error.detail.tel.modbus.overlap": {
        "en": "registers {lo}-{hi} overlap row {other} ({olo}-{ohi})",
        "uk": "регістри {lo}-{hi} перекриваються з рядком {other} ({olo}-{ohi})",
    },
    "error.detail.tel.modbus.name": {
        "en": "a name of 1-64 of A-Z a-z 0-9 _ . -, got {got}",
        "uk": "назва з 1-64 символів A-Z a-z 0-9 _ . -, а задано {got}",
    },
    "error.detail.tel.modbus.name_twice": {
        "en": "{name} is the name of {other} already",
        "uk": "{name} уже є назвою {other}",
    },
    "error.detail.tel.modbus.link": {
        "en": "give host (Modbus TCP) or serial (Modbus RTU), one of them",
        "uk": "задайте host (Modbus TCP) або serial (Modbus RTU), щось одне",
    },
    "error.detail.tel.modbus.map_kind": {
        "en": "register map {map} is for a {map_kind}, the device is a {kind}",
        "uk": "карта регістрів {map} призначена для {map_kind}, а пристрій — {kind}",
    },
    "error.detail.tel.modbus.no_devices": {"en": "no [[device]] to poll", "uk": "немає жодного [[device]] для опитування"},
    "error.detail.tel.modbus.sim_none": {
        "en": 'no device on 127.0.0.1 to serve (give host = "127.0.0.1")',
        "uk": 'немає пристрою на 127.0.0.1, який можна імітувати (задайте host = "127.0.0.1")',
    },
    "error.detail.tel.modbus.port_in_use": {
        "en": "port {port} on 127.0.0.1 is in use (a Modbus simulator running already?)",
        "uk": "порт {port} на 127.0.0.1 зайнятий (симулятор Modbus уже запущено?)",
    },
    "tel.modbus.polling": {
        "en": "site {site}: polling {devices} Modbus devices every {interval} s (Ctrl-C stops)",
        "uk": "об'єкт {site}: опитування {devices} пристроїв Modbus кожні {interval} с (Ctrl-C — зупинити)",
    },
    "tel.modbus.done": {
        "en": "{polls} polls, {readings} readings published, {failures} failed device reads; {pending} readings not "
        "yet confirmed stored (kept in {outbox}, sent again on the next run)",
        "uk": "опитувань: {polls}, опубліковано показів: {readings}, невдалих читань пристроїв: {failures}; ще не "
        "підтверджено збереження {pending} показів (вони в {outbox} і будуть надіслані знову наступного запуску)",
    },
    "tel.modbus.offline": {
        "en": "; not answering at the end: {devices}",
        "uk": "; наприкінці не відповідали: {devices}",
    },
    "tel.modbus.serving": {
        "en": "serving {name} ({map} example values) on 127.0.0.1:{port}, unit id {unit} (Ctrl-C stops)",
        "uk": "імітується {name} (приклади значень карти {map}) на 127.0.0.1:{port}, адреса пристрою {unit} (Ctrl-C — зупинити)",
    },
    "tel.site.device_status": {
        "en": "               {topic}  (whether a Modbus device answers, retained)",
        "uk": "                    {topic}  (чи відповідає пристрій Modbus, збережене)",
    },
    "error.detail.tel.modbus.example": {
        "en": "{example} {unit} does not fit a {type} register",
        "uk": "{example} {unit} не вміщується в регістр типу {type}",
    },
    # --- GIS layers in, GeoPackage out (issue 18, first part: water) ---
    "cli.gis.gpkg_written": {
        "en": "GeoPackage written to {path}: {count} layers ({layers})",
        "uk": "GeoPackage записано у {path}: шарів {count} ({layers})",
    },
    "error.detail.water.inp_or_gis": {
        "en": "give either inp_file or gis (a GIS mapping file), not both",
        "uk": "вкажіть або inp_file, або gis (файл відповідності шарів ГІС), але не обидва",
    },
    "error.detail.gis.outside": {
        "en": "file {name} points outside the mapping file's folder",
        "uk": "файл {name} вказує за межі теки файлу відповідності",
    },
    "error.detail.gis.unit": {
        "en": "{key} must be one of {known}, got {got}",
        "uk": "{key} має бути одним із {known}, отримано {got}",
    },
    "error.detail.gis.roughness_or_material": {
        "en": "give roughness (a Hazen-Williams C column) or material (with install_year)",
        "uk": "вкажіть roughness (стовпець коефіцієнта Гейзена-Вільямса C) або material (з install_year)",
    },
    "error.detail.gis.reference_year": {
        "en": "install_year needs [gis] reference_year (the year ages are counted to)",
        "uk": "install_year потребує [gis] reference_year (рік, до якого рахують вік труб)",
    },
    "error.detail.gis.layer": {"en": "[{section}] layer {layer} of {file}", "uk": "[{section}] шар {layer} файлу {file}"},
    "error.detail.gis.unreadable": {
        "en": "{what} cannot be read as a GIS layer ({reason})",
        "uk": "{what} не читається як шар ГІС ({reason})",
    },
    "error.detail.gis.no_crs": {
        "en": "{what} has no coordinate reference system (CRS): lengths cannot be measured",
        "uk": "{what} не має системи координат (CRS): довжини не виміряти",
    },
    "error.detail.gis.crs_unit": {
        "en": "{what}: CRS {crs} is in {unit}, not metres",
        "uk": "{what}: CRS {crs} в одиницях {unit}, а не в метрах",
    },
    "error.detail.gis.crs_unknown": {
        "en": "{what}: CRS {crs} is neither projected nor geographic",
        "uk": "{what}: CRS {crs} ні проєкційна, ні географічна",
    },
    "error.detail.gis.feature": {"en": "{layer} feature {id}", "uk": "{layer} об'єкт {id}"},
    "error.detail.gis.column": {"en": "{where} column {column}", "uk": "{where} стовпець {column}"},
    "error.detail.gis.no_column": {
        "en": "has no column {column} (columns: {known})",
        "uk": "не має стовпця {column} (стовпці: {known})",
    },
    "error.detail.gis.missing_id": {"en": "feature #{n} has no id", "uk": "об'єкт №{n} не має ідентифікатора"},
    "error.detail.gis.duplicate_id": {"en": "duplicate id {id}", "uk": "повторений ідентифікатор {id}"},
    "error.detail.gis.missing_value": {"en": "missing {what}", "uk": "бракує значення {what}"},
    "error.detail.gis.what.diameter": {"en": "diameter", "uk": "діаметра"},
    "error.detail.gis.not_finite": {
        "en": "expected a finite number, got {got}",
        "uk": "очікується скінченне число, отримано {got}",
    },
    "error.detail.gis.not_positive": {"en": "must be > 0, got {got}", "uk": "має бути > 0, отримано {got}"},
    "error.detail.gis.status": {
        "en": "status must be open or closed, got {got}",
        "uk": "стан має бути open (відкрито) або closed (закрито), отримано {got}",
    },
    "error.detail.gis.not_point": {"en": "expected a point, got {got}", "uk": "очікується точка, отримано {got}"},
    "error.detail.gis.not_line": {"en": "expected one line, got {got}", "uk": "очікується одна лінія, отримано {got}"},
    "error.detail.gis.end.start": {"en": "start", "uk": "початок"},
    "error.detail.gis.end.end": {"en": "end", "uk": "кінець"},
    "error.detail.gis.unsnapped": {
        "en": "its {end} is {distance} m from the nearest node {node}, beyond the snap tolerance of {tol} m",
        "uk": "її {end} за {distance} м від найближчого вузла {node}, далі за допуск прив'язки {tol} м",
    },
    "error.detail.gis.ambiguous": {
        "en": "its {end} is within the snap tolerance of {tol} m of two nodes, {a} and {b}",
        "uk": "її {end} в межах допуску прив'язки {tol} м від двох вузлів, {a} і {b}",
    },
    "error.detail.gis.no_z": {
        "en": "without a junctions layer, pipes need Z coordinates (the junctions' elevations)",
        "uk": "без шару вузлів труби потребують координати Z (відмітки вузлів)",
    },
    "error.detail.gis.material": {
        "en": "unknown material {got} (known: {known})",
        "uk": "невідомий матеріал {got} (відомі: {known})",
    },
    "error.detail.gis.curve": {
        "en": "expected numbers separated by spaces, got {got}",
        "uk": "очікуються числа через пробіл, отримано {got}",
    },
    "error.detail.gis.same_node": {
        "en": "both ends snap to node {node}: a zero-length pipe",
        "uk": "обидва кінці прив'язуються до вузла {node}: труба нульової довжини",
    },
    "error.detail.gis.zero_length": {"en": "pipe has zero length", "uk": "труба має нульову довжину"},
    "error.detail.heat.csv_or_gis": {
        "en": "give either nodes, pipes and consumers (CSV files) or gis (a GIS mapping file)",
        "uk": "вкажіть або nodes, pipes і consumers (файли CSV), або gis (файл відповідності шарів ГІС)",
    },
    "error.detail.gis.no_diameter": {
        "en": "has no diameter_mm column (map one in columns)",
        "uk": "не має стовпця diameter_mm (вкажіть його в columns)",
    },
    "error.detail.gis.not_on_one_pipe": {
        "en": "a point within the snap tolerance of {tol} m of one pipe, away from its ends, got {n} ({on})",
        "uk": "очікується точка в межах допуску прив'язки {tol} м від однієї труби, не біля її кінців, отримано {n} ({on})",
    },
    "error.detail.gis.two_devices": {
        "en": "pipe {pipe} already carries {other}: one pump or valve per pipe",
        "uk": "на трубі {pipe} вже є {other}: один насос або засувка на трубу",
    },
    # --- task D (issue 18 point 2): maps in real coordinates, the optional basemap --------------------------
    "map.lon": {"en": "Longitude, °E", "uk": "Довгота, ° сх. д."},
    "map.lat": {"en": "Latitude, °N", "uk": "Широта, ° пн. ш."},
    "map.extent": {
        "en": "Map {width} × {height} on the ground, in WGS 84 longitude and latitude from {crs}",
        "uk": "Карта {width} × {height} на місцевості, у довготі й широті WGS 84 з {crs}",
    },
    "unit.km": {"en": "km", "uk": "км"},
    "map.basemap": {"en": "Basemap tiles", "uk": "Підкладка карти"},
    "map.basemap_help": {
        "en": "Draws map tiles from {host} under the network (TEPLOVODA_BASEMAP_URL). Off: nothing is requested.",
        "uk": "Малює тайли карти з {host} під мережею (TEPLOVODA_BASEMAP_URL). Вимкнено: нічого не завантажується.",
    },
    "map.basemap_bad_url": {
        "en": "TEPLOVODA_BASEMAP_URL is not an http(s) tile address with {{z}}, {{x}} and {{y}}: {url}",
        "uk": "TEPLOVODA_BASEMAP_URL не є адресою тайлів http(s) з {{z}}, {{x}} і {{y}}: {url}",
    },
    "map.basemap_credit": {"en": "Basemap: {credit}", "uk": "Підкладка: {credit}"},
    # ---- task C (issue 18): buildings' estimated heat loads, GeoPackage export of heat, criticality, portfolio ----
    "error.detail.gis.not_point_or_polygon": {
        "en": "expected a point or a polygon, got {got}",
        "uk": "очікується точка або полігон, отримано {got}",
    },
    "error.detail.gis.specific_load": {
        "en": "expected W/m2 > 0, got {got}",
        "uk": "очікується Вт/м2 > 0, отримано {got}",
    },
    "error.detail.gis.no_footprint": {
        "en": "a point has no footprint: map footprint_area, or give design_heat_kw",
        "uk": "точка не має площі забудови: вкажіть footprint_area або задайте design_heat_kw",
    },
    "error.detail.gis.footprint": {
        "en": "footprint area must be > 0 m2, got {got}",
        "uk": "площа забудови має бути > 0 м2, отримано {got}",
    },
    "error.detail.gis.storeys": {
        "en": "storeys must be a whole number >= 1, got {got}",
        "uk": "поверховість має бути цілим числом >= 1, отримано {got}",
    },
    "error.detail.heat.loads.columns": {
        "en": "{file} has no column {column}",
        "uk": "{file} не має стовпця {column}",
    },
    "error.detail.heat.loads.row": {
        "en": "{file} row {row}: w_per_m2 must be > 0, area_share in (0, 1] and design_outdoor_temp_c a number",
        "uk": "{file} рядок {row}: w_per_m2 має бути > 0, area_share у (0, 1], а design_outdoor_temp_c числом",
    },
    "error.detail.heat.loads.type": {
        "en": "no specific load for building type {type} (known: {known})",
        "uk": "немає питомого навантаження для типу будівлі {type} (відомі: {known})",
    },
    "error.detail.heat.loads.need_year": {
        "en": "missing the year built (the load of a {type} depends on it)",
        "uk": "бракує року побудови (від нього залежить навантаження типу {type})",
    },
    "error.detail.heat.loads.no_row": {
        "en": "no specific load for a {type} built in {year} with {storeys} storeys",
        "uk": "немає питомого навантаження для типу {type} {year} року побудови з поверховістю {storeys}",
    },
    "error.detail.heat.loads.too_cold": {
        "en": "design outdoor temperature {t} °C is colder than the specific-load table's coldest, {coldest} °C",
        "uk": "розрахункова зовнішня температура {t} °C холодніша за найнижчу в таблиці питомих навантажень, {coldest} °C",
    },
    "error.detail.gis.gpkg_suffix": {
        "en": "{path}: a GeoPackage's name ends in .gpkg",
        "uk": "{path}: назва файлу GeoPackage закінчується на .gpkg",
    },
    "error.detail.gis.gpkg_folder": {"en": "{path} is a folder", "uk": "{path} є папкою"},
    "error.detail.gis.gpkg_unwritable": {
        "en": "cannot write {path}: {folder} is not a writable folder",
        "uk": "не вдається записати {path}: {folder} не є папкою, доступною для запису",
    },
    "error.detail.gis.gpkg_write": {
        "en": "cannot write {path} ({reason})",
        "uk": "не вдається записати {path} ({reason})",
    },
    "error.detail.heat.loads.number": {
        "en": "{file} row {row} column {column}: expected a number, got {got}",
        "uk": "{file} рядок {row} стовпець {column}: очікується число, отримано {got}",
    },
    # --- issue 17 task A (wt-pui): the portfolio's HTML report, its map and the app's Portfolio page ---
    "port.map.title": {"en": "Sites by the set each gets", "uk": "Об'єкти за агрегатом, який кожен отримує"},
    "port.map.set": {"en": "set (sites)", "uk": "агрегат (об'єктів)"},
    "port.map.no_set": {"en": "no new set ({sites})", "uk": "без нового агрегату ({sites})"},
    "port.map.people": {"en": "people served", "uk": "людей обслуговує"},
    "port.map.lon": {"en": "longitude, °E", "uk": "довгота, ° сх. д."},
    "port.map.lat": {"en": "latitude, °N", "uk": "широта, ° пн. ш."},
    "port.report.map": {"en": "Map of the sites", "uk": "Карта об'єктів"},
    "port.report.allocation": {"en": "Allocation per site, and why", "uk": "Розподіл за об'єктами і чому"},
    "port.report.fuel": {"en": "Fuel logistics per oblast", "uk": "Логістика пального за областями"},
    "port.report.marginal": {
        "en": "What one more set of each size, or the budget 10 % lower or higher, buys",
        "uk": "Що дає ще один агрегат кожного розміру або бюджет на 10 % менший чи більший",
    },
    "port.report.totals": {"en": "Totals", "uk": "Підсумки"},
    "port.report.none": {"en": "None.", "uk": "Немає."},
    "port.report.how": {
        "en": "People-hours of water are counted over {days} days, each set from its delivery day on. The allocation is "
        "exact: a mixed-integer program (scipy milp, HiGHS) chooses at most one set per site within the counts, the "
        "budget and the constraints; the greedy baseline takes the most people-hours per EUR first. {budget}",
        "uk": "Людино-години води рахуються за {days} діб, кожен агрегат — від дня його доставки. Розподіл точний: "
        "змішана цілочисельна програма (scipy milp, HiGHS) обирає не більше одного агрегату на об'єкт у межах кількості, "
        "бюджету та умов; жадібний розподіл бере першими найбільше людино-годин на EUR. {budget}",
    },
    "port.report.fuel_in_budget": {
        "en": "The budget pays the sets and their diesel over the days they run.",
        "uk": "Бюджет покриває агрегати та їхнє дизельне пальне за дні роботи.",
    },
    "port.report.sets_only": {"en": "The budget pays the sets only.", "uk": "Бюджет покриває лише агрегати."},
    "port.report.source": {"en": "Portfolio file: {path}.", "uk": "Файл портфеля: {path}."},
    "page.portfolio": {"en": "Portfolio", "uk": "Портфель"},
    "portfolio.title": {"en": "Programme portfolio", "uk": "Портфель програми"},
    "portfolio.intro": {
        "en": "Which site gets which generator set from the stock, within the budget: the most people-hours of water "
        "through the blackouts. Every site is checked against every set type as teplovoda power size checks it.",
        "uk": "Який об'єкт отримує який генератор із наявних, у межах бюджету: найбільше людино-годин води під час "
        "відключень. Кожен об'єкт перевіряється з кожним типом агрегату так, як це робить teplovoda power size.",
    },
    "portfolio.source": {"en": "Portfolio", "uk": "Портфель"},
    "portfolio.source_shipped": {"en": "Shipped example", "uk": "Приклад із поставки"},
    "portfolio.source_upload": {"en": "Upload a .zip", "uk": "Завантажити .zip"},
    "portfolio.example": {"en": "Example", "uk": "Приклад"},
    "portfolio.upload": {
        "en": "Portfolio (.zip: the TOML head and its CSV sheets or .xlsx workbook)",
        "uk": "Портфель (.zip: заголовок TOML і його аркуші CSV або книга .xlsx)",
    },
    "portfolio.upload_help": {
        "en": 'One .zip holding the portfolio file (TOML, kind = "portfolio") and the CSV sheets or the Excel workbook it '
        "names (sites, pumps, inventory), side by side; one folder around them is fine. At most {files} files and "
        "{mib} MiB unpacked; a member with an absolute path or '..' is refused.",
        "uk": 'Один .zip із файлом портфеля (TOML, kind = "portfolio") і аркушами CSV або книгою Excel, які він '
        "називає (об'єкти, насоси, склад), поруч; одна тека навколо них допускається. Не більше {files} файлів "
        "і {mib} МіБ у розпакованому вигляді; елемент з абсолютним шляхом або '..' відхиляється.",
    },
    "portfolio.upload_hint": {
        "en": "Upload a .zip with the portfolio TOML and its CSV sheets or .xlsx workbook.",
        "uk": "Завантажте .zip із TOML портфеля та його аркушами CSV або книгою .xlsx.",
    },
    "portfolio.file": {
        "en": "{sites} sites, {types} set types, file {file}",
        "uk": "{sites} об'єктів, {types} типів агрегатів, файл {file}",
    },
    "portfolio.budget": {"en": "Budget, EUR", "uk": "Бюджет, EUR"},
    "portfolio.inventory": {
        "en": "Inventory: how many sets of each type, and the cost of each",
        "uk": "Склад: скільки агрегатів кожного типу і вартість кожного",
    },
    "portfolio.col.set_type": {"en": "set type", "uk": "тип агрегату"},
    "portfolio.col.kva": {"en": "kVA", "uk": "кВА"},
    "portfolio.col.count": {"en": "count", "uk": "кількість"},
    "portfolio.col.cost_eur": {"en": "cost each, EUR", "uk": "вартість одного, EUR"},
    "portfolio.col.delivery_days": {"en": "delivery, days", "uk": "доставка, діб"},
    "portfolio.run": {"en": "Allocate", "uk": "Розподілити"},
    "portfolio.running": {
        "en": "Checking every site against every set type and allocating...",
        "uk": "Перевіряю кожен об'єкт з кожним типом агрегату і розподіляю...",
    },
    "portfolio.press_run": {
        "en": "Change the budget or the inventory if you like, then press Allocate.",
        "uk": "За потреби змініть бюджет або склад, потім натисніть «Розподілити».",
    },
    "portfolio.m.people_hours": {"en": "People-hours of water added", "uk": "Додано людино-годин води"},
    "portfolio.m.sets": {"en": "Sets used", "uk": "Використано агрегатів"},
    "portfolio.m.cost": {"en": "Cost", "uk": "Вартість"},
    "portfolio.m.gap": {"en": "MILP gap", "uk": "Розрив MILP"},
    "portfolio.m.vs_greedy": {"en": "More than greedy", "uk": "Більше, ніж жадібний"},
    "portfolio.m.of": {"en": "of {total}", "uk": "з {total}"},
    "portfolio.download_xlsx": {"en": "Download portfolio.xlsx", "uk": "Завантажити portfolio.xlsx"},
    "portfolio.download_html": {"en": "Download the report (portfolio.html)", "uk": "Завантажити звіт (portfolio.html)"},
    "error.detail.port.zip.not_zip": {"en": "not a zip archive ({reason})", "uk": "не архів zip ({reason})"},
    "error.detail.port.zip.unsafe": {
        "en": "member {member} has an absolute path or '..': refused",
        "uk": "елемент {member} має абсолютний шлях або '..': відхилено",
    },
    "error.detail.port.zip.folders": {
        "en": "member {member} is in a second folder: put the TOML and its sheets side by side",
        "uk": "елемент {member} лежить в іншій теці: покладіть TOML і його аркуші поруч",
    },
    "error.detail.port.zip.empty": {"en": "the archive holds no files", "uk": "в архіві немає файлів"},
    "error.detail.port.zip.unreadable": {
        "en": "member {member} cannot be read ({reason})",
        "uk": "елемент {member} не читається ({reason})",
    },
    # --- end of issue 17 task A block ---
    # --- task B (issue 17): mobile boilers for heat sites, sites modelled in detail ---
    "error.detail.port.heat_load_either": {
        "en": "give either design_heat_kw or heated_area_m2 with specific_heat_w_per_m2",
        "uk": "задайте або design_heat_kw, або heated_area_m2 разом із specific_heat_w_per_m2",
    },
    "error.detail.port.design_above_indoor": {
        "en": "must be below indoor_temp_c",
        "uk": "має бути нижчою за indoor_temp_c",
    },
    "error.detail.port.no_climate": {
        "en": "no climate normals for {city} (one of: {known}); name the nearest in climate_city",
        "uk": "немає кліматичних норм для {city} (одне з: {known}); вкажіть найближче місто в climate_city",
    },
    "error.detail.port.heat_pair": {
        "en": "give both heat_sites_csv and boilers_csv, or neither",
        "uk": "задайте і heat_sites_csv, і boilers_csv, або жодного",
    },
    "error.detail.port.no_boiler_price": {
        "en": "missing key {field}: a {fuel} boiler's fuel is in the budget",
        "uk": "бракує ключа {field}: паливо котла ({fuel}) входить до бюджету",
    },
    "why.port.heat_no_deficit": {
        "en": "the plant left covers the design load",
        "uk": "вцілілі потужності покривають розрахункове навантаження",
    },
    "why.port.heat_no_option": {
        "en": "no boiler in stock fits (a gas boiler needs the site's gas connection)",
        "uk": "жоден котел із запасу не підходить (газовому котлу потрібне газове підключення об'єкта)",
    },
    "why.port.heat_assigned": {
        "en": "{units} x {boiler_type} cover {covered_kw} of {deficit_kw} kW short; {people_warm_added} more people warm",
        "uk": "{units} x {boiler_type} покривають {covered_kw} з {deficit_kw} кВт дефіциту; ще {people_warm_added} людей у теплі",
    },
    "why.port.heat_not_chosen": {
        "en": "boilers would fit; the counts and budget serve more elsewhere",
        "uk": "котли підійшли б; кількість і бюджет дають більше деінде",
    },
    "cli.port.boilers": {"en": "Mobile boilers per heat site:", "uk": "Мобільні котли за об'єктами теплопостачання:"},
    "cli.port.col.boilers": {"en": "boilers", "uk": "котли"},
    "cli.port.col.deficit_kw": {"en": "short, kW", "uk": "дефіцит, кВт"},
    "cli.port.col.covered_kw": {"en": "covered, kW", "uk": "покрито, кВт"},
    "cli.port.col.warm": {"en": "people kept warm", "uk": "людей у теплі"},
    "cli.port.col.fuel_day": {"en": "fuel/day", "uk": "паливо/добу"},
    "cli.port.col.fuel_unit": {"en": "unit", "uk": "од."},
    "cli.port.heat_totals": {
        "en": "Heat: {served} of {sites} heat sites get mobile boilers ({units} units); {people} more people warm; "
        "{ph} people-hours of heat added.",
        "uk": "Тепло: {served} з {sites} об'єктів теплопостачання отримують мобільні котли ({units} од.); "
        "ще {people} людей у теплі; "
        "додано {ph} людино-годин тепла.",
    },
    "cli.port.objective": {
        "en": "Objective: {total} person-service-hours (people-hours of water + {weight} x people-hours of heat).",
        "uk": "Ціль: {total} людино-годин послуг (людино-години води + {weight} x людино-години тепла).",
    },
    "cli.port.xlsx.heat_people_hours": {"en": "people-hours of heat added", "uk": "додано людино-годин тепла"},
    "cli.port.xlsx.objective": {"en": "objective, person-service-hours", "uk": "ціль, людино-годин послуг"},
    "kind.portfolio": {"en": "Programme portfolio", "uk": "Портфель програми"},
    "error.detail.port.pump_of_detailed": {
        "en": "site {site} is modelled in detail by {scenario}: its motors come from there",
        "uk": "об'єкт {site} змодельовано детально в {scenario}: його двигуни беруться звідти",
    },
    "error.detail.port.scenario_outside": {
        "en": "file {name} points outside the portfolio's folder",
        "uk": "файл {name} вказує за межі теки портфеля",
    },
    "error.detail.port.grid_from_scenario": {
        "en": "a site modelled in detail takes its grid hours from its scenario's [blackout]",
        "uk": "детально змодельований об'єкт бере години мережі з [blackout] свого сценарію",
    },
    # --- integration of issue 17's tasks A and B ---
    "port.report.boilers": {"en": "Mobile boilers per heat site", "uk": "Мобільні котли за об'єктами теплопостачання"},
    # --- issue 17 task F: sites modelled by a water scenario (EPANET hours of water and fuel) ---
    "error.detail.port.water_scenario": {"en": "{file}: {error}", "uk": "{file}: {error}"},
    "error.detail.port.storage_from_network": {
        "en": "a site modelled by a water scenario takes its storage from the network's tanks",
        "uk": "об'єкт, змодельований водопровідним сценарієм, бере запас води з резервуарів мережі",
    },
    "error.detail.port.timetables_differ": {
        "en": "the power scenario's timetable differs from the water scenario's grid_on",
        "uk": "графік енергетичного сценарію відрізняється від grid_on водопровідного сценарію",
    },
    "cli.port.water_sites": {
        "en": "Sites modelled by a water scenario (hours of water per person a day from EPANET, as teplovoda water blackout):",
        "uk": "Об'єкти, змодельовані водопровідним сценарієм "
        "(години води на людину на добу з EPANET, як teplovoda water blackout):",
    },
    "cli.port.water_site": {
        "en": "  {site} ({file}): {without} h without a set; with {set_type}: {with_h} h, {fuel} L/day",
        "uk": "  {site} ({file}): {without} год без агрегату; з {set_type}: {with_h} год, {fuel} л/добу",
    },
    "cli.port.water_site_none": {
        "en": "  {site} ({file}): {without} h without a set; no set assigned",
        "uk": "  {site} ({file}): {without} год без агрегату; агрегат не призначено",
    },
    # --- task E (issue 17): portfolio workbooks (.xlsx), heat sites on the map, boilers in the page's editor ---
    "error.detail.port.workbook": {"en": "workbook", "uk": "книга Excel"},
    "error.detail.port.workbook_unpacked": {"en": "unpacked workbook", "uk": "розпакована книга Excel"},
    "error.detail.port.not_workbook": {
        "en": "not an Excel workbook (.xlsx) ({reason})",
        "uk": "не книга Excel (.xlsx) ({reason})",
    },
    "error.detail.port.missing_sheet": {
        "en": "no sheet {sheet} (for {field}); the workbook has {sheets}",
        "uk": "немає аркуша {sheet} (для {field}); у книзі є {sheets}",
    },
    "error.detail.port.xlsx.cell": {"en": "cell {cell}: {problem}", "uk": "клітинка {cell}: {problem}"},
    "error.detail.port.xlsx.formula": {
        "en": "a formula with no saved value (open and save in Excel)",
        "uk": "формула без збереженого значення (відкрийте й збережіть у Excel)",
    },
    "error.detail.port.xlsx.error_value": {"en": "an error value {value}", "uk": "значення помилки {value}"},
    "error.detail.port.workbook_or_csv": {
        "en": "give workbook or the *_csv keys, not both ({field} is given with workbook)",
        "uk": "задайте workbook або ключі *_csv, не обидва ({field} задано разом із workbook)",
    },
    "error.detail.port.missing_sheet_key": {
        "en": "missing key {field} (or workbook)",
        "uk": "бракує ключа {field} (або workbook)",
    },
    "error.detail.port.heat_sheet_pair": {
        "en": "give both sheets heat_sites and boilers, or neither",
        "uk": "дайте обидва аркуші heat_sites і boilers, або жодного",
    },
    "error.detail.cli.upload.bad_name_xlsx": {
        "en": "expected a portfolio (.toml) and its sheets (.csv, .xlsx)",
        "uk": "очікується портфель (.toml) і його аркуші (.csv, .xlsx)",
    },
    "portfolio.boilers_inventory": {
        "en": "Mobile boilers in stock or on order (change the count and the cost each)",
        "uk": "Мобільні котли на складі або в замовленні (змініть кількість і вартість одного)",
    },
    "portfolio.col.boiler_type": {"en": "boiler type", "uk": "тип котла"},
    "portfolio.col.heat_mw": {"en": "output, MW", "uk": "потужність, МВт"},
    "portfolio.col.boiler_fuel": {"en": "fuel", "uk": "паливо"},
    "portfolio.col.efficiency": {"en": "efficiency", "uk": "ККД"},
    "port.map.no_boiler": {"en": "heat site, no mobile boiler ({sites})", "uk": "об'єкт тепла, без мобільного котла ({sites})"},
    "port.map.set_and_boiler": {
        "en": "set (sites) · ■ boilers (heat sites)",
        "uk": "агрегат (об'єктів) · ■ котли (об'єктів тепла)",
    },
    # --- issue 18 task H: a GIS water network's demand patterns and simple controls (CSV tables) ---
    "error.detail.element.pattern": {"en": "pattern", "uk": "шаблон"},
    "error.detail.water.empty_pattern": {"en": "pattern {name} has no multipliers", "uk": "шаблон {name} не має множників"},
    "error.detail.water.control_condition": {
        "en": "condition must be one of {known}, got {got}",
        "uk": "умова має бути однією з {known}, отримано {got}",
    },
    "error.detail.water.control_time": {
        "en": "{condition} must be hours >= 0 (clock: below 24), got {got}",
        "uk": "{condition}: потрібні години >= 0 (clock: менше 24), отримано {got}",
    },
    "error.detail.water.control_status_pipe": {
        "en": "pipe {link}: status must be open or closed, got {got}",
        "uk": "труба {link}: стан має бути open (відкрито) або closed (закрито), отримано {got}",
    },
    "error.detail.water.control_status_pump": {
        "en": "pump {link}: status must be open, closed or a speed >= 0, got {got}",
        "uk": "насос {link}: стан має бути open (відкрито), closed (закрито) або швидкість >= 0, отримано {got}",
    },
    "error.detail.water.control_status_valve": {
        "en": "valve {link}: status must be a setting >= 0, got {got}",
        "uk": "засувка {link}: стан має бути уставкою >= 0, отримано {got}",
    },
    "error.detail.gis.table.patterns": {"en": "patterns", "uk": "шаблони"},
    "error.detail.gis.table.controls": {"en": "controls", "uk": "керування"},
    "error.detail.gis.table": {"en": "{file}: {detail}", "uk": "{file}: {detail}"},
    "error.detail.gis.table_cell": {
        "en": "{file} line {line}, column {column}: {detail}",
        "uk": "{file} рядок {line}, стовпець {column}: {detail}",
    },
    "error.detail.gis.pattern_step": {
        "en": "expected a whole number >= 0, got {got}",
        "uk": "очікується ціле число >= 0, отримано {got}",
    },
    "error.detail.gis.pattern_twice": {
        "en": "step {step} of pattern {pattern} is given twice (also line {line})",
        "uk": "крок {step} шаблону {pattern} задано двічі (також рядок {line})",
    },
    "error.detail.gis.pattern_gap": {
        "en": "pattern {pattern} has no step {step} (steps run 0, 1, 2... without gaps)",
        "uk": "шаблон {pattern} не має кроку {step} (кроки йдуть 0, 1, 2... без пропусків)",
    },
    "error.detail.gis.unknown_pattern": {
        "en": "unknown pattern {name} (patterns: {known})",
        "uk": "невідомий шаблон {name} (шаблони: {known})",
    },
    # --- issue 16 helper "mcw": water recovery-sweep with options over days (session 2026-12-04) ---
    "cli.rsweep.lead_spread": {
        "en": "Options: {options}, lead times drawn times {lo}-{hi}, counted over {days} days",
        "uk": "Варіантів: {options}, терміни постачання помножено на {lo}-{hi}, враховано {days} діб",
    },
    "cli.rsweep.plans_stats": {
        "en": "Person-days without water by plan over the samples (first {days} days, the crews' network_ratio schedule)",
        "uk": "Людино-доби без води за планами по вибірках (перші {days} діб, графік бригад network_ratio)",
    },
    "cli.rsweep.col.restored": {"en": "restored, mean", "uk": "відновлено, середнє"},
    "cli.rsweep.col.cost_per_pd": {"en": "EUR per person-day restored", "uk": "EUR за відновлену людино-добу"},
    "cli.rsweep.plans_note": {
        "en": "An option repairs and closes only the pipes damaged in a sample; "
        "one aimed only at pipes that did not break is not deployed. "
        "Cost per person-day restored: the option's cost over its mean person-days restored.",
        "uk": "Варіант ремонтує та перекриває лише пошкоджені у вибірці труби; "
        "варіант лише для неушкоджених труб не застосовується. "
        "Вартість відновленої людино-доби: вартість варіанта, поділена на середні відновлені людино-доби.",
    },
    # --- end of issue 16 helper "mcw" block ---
    # --- issue 16 helper "rank": does counting lead times change the ranking, and why; staged plans ranked ---
    "why.rank.none": {
        "en": "No option or plan restores person-days over {days} days at a known cost, so nothing is ranked over days",
        "uk": "Жоден варіант чи план не відновлює людино-діб за {days} діб за відомою вартістю, тож за добами нічого не "
        "ранжовано",
    },
    "why.rank.single": {
        "en": "{a} is the only one ranked, in the snapshot and over days, so lead times change no order: it works "
        "from day {a_day}, {a_serves} and over {days} days restores {a_pd} person-days at {a_cost} EUR each",
        "uk": "{a} єдиний має місце і в миттєвому знімку, і за добами, тож строки постачання не змінюють порядку: "
        "працює з доби {a_day}, {a_serves} і за {days} діб відновлює {a_pd} людино-діб по {a_cost} EUR за кожну",
    },
    "why.rank.no_snapshot": {
        "en": "No option is ranked in the snapshot; over {days} days {a} is first: it works from day {a_day} "
        "and restores {a_pd} person-days at {a_cost} EUR each",
        "uk": "У миттєвому знімку жоден варіант не має місця; за {days} діб перший {a}: працює з доби {a_day} і "
        "відновлює {a_pd} людино-діб по {a_cost} EUR за кожну",
    },
    "why.rank.tie": {
        "en": "Over {days} days {a} and {b} tie for first at {a_cost} EUR per person-day: {a} works from day {a_day} "
        "and restores {a_pd} person-days, {b} works from day {b_day} and restores {b_pd}; first in the snapshot: {s}",
        "uk": "За {days} діб {a} і {b} ділять перше місце по {a_cost} EUR за людино-добу: {a} працює з доби {a_day} і "
        "відновлює {a_pd} людино-діб, {b} працює з доби {b_day} і відновлює {b_pd}; перший у миттєвому знімку: {s}",
    },
    "why.rank.tie_snapshot": {
        "en": "{s} tie for first in the snapshot; once lead times count {a} is first alone: it works from "
        "day {a_day} and over {days} days restores {a_pd} person-days at {a_cost} EUR each against {b_pd} at {b_cost} "
        "EUR for {b} from day {b_day}",
        "uk": "{s} ділять перше місце в миттєвому знімку; зі строками постачання перший лише {a}: працює з доби "
        "{a_day} і за {days} діб відновлює {a_pd} людино-діб по {a_cost} EUR за кожну проти {b_pd} по {b_cost} EUR "
        "у {b} з доби {b_day}",
    },
    "why.rank.unchanged": {
        "en": "Counting lead times does not change the first place: {a} works from day {a_day}, no later than "
        "{b} (day {b_day}), and {a_serves}: over {days} days it restores {a_pd} person-days at {a_cost} EUR each "
        "against {b_pd} at {b_cost} EUR",
        "uk": "Строки постачання не змінюють першого місця: {a} працює з доби {a_day}, не пізніше за {b} (доба "
        "{b_day}), і {a_serves}: за {days} діб відновлює {a_pd} людино-діб по {a_cost} EUR за кожну проти {b_pd} по "
        "{b_cost} EUR",
    },
    "why.rank.unchanged_later": {
        "en": "Counting lead times does not change the first place: {b} works from day {b_day} but "
        "{b_serves}; {a} works from day {a_day} and {a_serves}: over {days} days {a} restores {a_pd} person-days at "
        "{a_cost} EUR each against {b_pd} at {b_cost} EUR, so the lead time does not change the order",
        "uk": "Строки постачання не змінюють першого місця: {b} працює з доби {b_day}, але {b_serves}; {a} працює з "
        "доби {a_day} і {a_serves}: за {days} діб {a} відновлює {a_pd} людино-діб по {a_cost} EUR за кожну проти "
        "{b_pd} по {b_cost} EUR, тож строк постачання не змінює порядку",
    },
    "why.rank.unchanged_failing": {
        "en": "Counting lead times does not change the first place: {a} is first in both (it works from "
        "day {a_day}, {a_serves} and over {days} days restores {a_pd} person-days at {a_cost} EUR each); {b}, ranked "
        "{b_snap} in the snapshot, gets no rank over days: {reason}",
        "uk": "Строки постачання не змінюють першого місця: {a} перший в обох (працює з доби {a_day}, {a_serves} і "
        "за {days} діб відновлює {a_pd} людино-діб по {a_cost} EUR за кожну); {b}, місце {b_snap} у миттєвому "
        "знімку, не має місця за добами: {reason}",
    },
    "why.rank.failing": {
        "en": "Counting lead times changes the first place: {b}, first in the snapshot, gets no rank over {days} "
        "days ({reason}); {a} is first over days: it works from day {a_day}, {a_serves} and restores {a_pd} "
        "person-days at {a_cost} EUR each",
        "uk": "Строки постачання змінюють перше місце: {b}, перший у миттєвому знімку, не має місця за {days} діб "
        "({reason}); за добами перший {a}: працює з доби {a_day}, {a_serves} і відновлює {a_pd} людино-діб по "
        "{a_cost} EUR за кожну",
    },
    "why.rank.changed": {
        "en": "Counting lead times changes the first place: {a} overtakes {b}: it works from day {a_day} (against "
        "day {b_day}) and {a_serves} (against {b_people}): over {days} days it restores {a_pd} person-days at {a_cost} "
        "EUR each against {b_pd} at {b_cost} EUR",
        "uk": "Строки постачання змінюють перше місце: {a} випереджає {b}: працює з доби {a_day} (проти доби {b_day}) "
        "і {a_serves} (проти {b_people}): за {days} діб відновлює {a_pd} людино-діб по {a_cost} EUR за кожну проти "
        "{b_pd} по {b_cost} EUR",
    },
    "why.rank.changed_earlier": {
        "en": "Counting lead times changes the first place: {a} overtakes {b}: it works from day {a_day} "
        "against day {b_day}, and that earlier service outweighs its smaller snapshot figure ({a_people} people against "
        "{b_people}): over {days} days it restores {a_pd} person-days at {a_cost} EUR each against {b_pd} at {b_cost} EUR",
        "uk": "Строки постачання змінюють перше місце: {a} випереджає {b}: працює з доби {a_day} проти доби {b_day}, "
        "і ця раніша робота важить більше за менше число в миттєвому знімку ({a_people} осіб проти {b_people}): за "
        "{days} діб відновлює {a_pd} людино-діб по {a_cost} EUR за кожну проти {b_pd} по {b_cost} EUR",
    },
    "why.rank.changed_cheaper": {
        "en": "Counting lead times changes the first place: {a} overtakes {b} on cost: it works from day "
        "{a_day} against day {b_day} but over {days} days restores fewer person-days ({a_pd} against {b_pd}); it costs "
        "{a_eur} EUR against {b_eur} EUR, so {a_cost} EUR each against {b_cost} EUR",
        "uk": "Строки постачання змінюють перше місце: {a} випереджає {b} за вартістю: працює з доби {a_day} проти "
        "доби {b_day}, але за {days} діб відновлює менше людино-діб ({a_pd} проти {b_pd}); коштує {a_eur} EUR проти "
        "{b_eur} EUR, тож {a_cost} EUR за кожну проти {b_cost} EUR",
    },
    "why.rank.changed_plan": {
        "en": "Counting lead times changes the first place: the staged plan {a} (it has no snapshot) "
        "overtakes {b}: it works from day {a_day}, in stages, and over {days} days restores {a_pd} person-days at "
        "{a_cost} EUR each against {b_pd} at {b_cost} EUR for {b} from day {b_day}",
        "uk": "Строки постачання змінюють перше місце: поетапний план {a} (миттєвого знімка не має) випереджає {b}: "
        "працює з доби {a_day}, поетапно, і за {days} діб відновлює {a_pd} людино-діб по {a_cost} EUR за кожну "
        "проти {b_pd} по {b_cost} EUR у {b} з доби {b_day}",
    },
    "rank.reason.restores_none": {
        "en": "it restores no person-days within the horizon",
        "uk": "не відновлює жодної людино-доби до кінця періоду",
    },
    "rank.reason.no_cost": {
        "en": "it has no cost over days (cost_eur of [[recovery.options]])",
        "uk": "не має вартості за добами (cost_eur у [[recovery.options]])",
    },
    "rank.cold.people_heated": {
        "en": "with {option} the hospital stays cold for {cold_days} days (heated again from day {day})",
        "uk": "у разі {option} лікарня лишається без тепла {cold_days} діб (знову з теплом з доби {day})",
    },
    "rank.never.people_heated": {
        "en": "with {option} the hospital is not heated again within {days} days",
        "uk": "у разі {option} лікарня не отримує тепла впродовж {days} діб",
    },
    "rank.cold.people_added": {
        "en": "with {option} the critical district is without water for {cold_days} days",
        "uk": "у разі {option} критичний район лишається без води {cold_days} діб",
    },
    "rank.never.people_added": {
        "en": "with {option} the critical district has no water again within {days} days",
        "uk": "у разі {option} критичний район не отримує води впродовж {days} діб",
    },
    "rank.moved": {"en": "lower down the order changes: {moves}", "uk": "нижче порядок змінюється: {moves}"},
    "rank.move": {"en": "{option} from place {before} to {after}", "uk": "{option} з місця {before} на {after}"},
    "rank.serves.people_heated": {"en": "keeps {people} people warm", "uk": "зберігає тепло для {people} осіб"},
    "rank.serves.people_added": {"en": "gives water to {people} more people", "uk": "дає воду ще {people} особам"},
    "rank.serves.plan": {
        "en": "works in stages (a staged plan has no snapshot)",
        "uk": "працює поетапно (поетапний план не має миттєвого знімка)",
    },
    "rank.and": {"en": "and", "uk": "і"},
    "rank.quoted": {"en": "“{name}”", "uk": "«{name}»"},
    "rank.plan_row": {"en": "staged plan", "uk": "поетапний план"},
    "rank.option_row": {"en": "option", "uk": "варіант"},
    "export.col.snapshot_rank": {
        "en": "Rank by cost per person per year (snapshot)",
        "uk": "Місце за вартістю на особу на рік (миттєвий знімок)",
    },
    "rcompare.col.rank": {
        "en": "Rank over days (cost per person-day restored)",
        "uk": "Місце за добами (вартість відновленої людино-доби)",
    },
    "export.col.row_kind": {"en": "Option or staged plan", "uk": "Варіант чи поетапний план"},
    "export.col.in_service_day": {"en": "In service from day", "uk": "Працює з доби"},
    "export.col.cost_eur": {"en": "Cost over days, EUR", "uk": "Вартість за добами, EUR"},
    "export.col.sentence": {"en": "In one sentence", "uk": "Одним реченням"},
    "rcompare.over_days_title": {
        "en": "Options and staged plans over days",
        "uk": "Варіанти та поетапні плани за добами",
    },
    # --- end of issue 16 helper "rank" block ---
    # --- helper "frz": the freeze repair bill in the comparison over days ---
    "export.col.freeze_repair_cost_eur": {
        "en": "Freeze repairs over the horizon, EUR",
        "uk": "Ремонт після промерзання за горизонт, EUR",
    },
    "export.col.freeze_repairs_avoided_eur": {
        "en": "Freeze repairs avoided (against doing nothing), EUR",
        "uk": "Уникнутий ремонт після промерзання (порівняно з бездіяльністю), EUR",
    },
    # --- end of helper "frz" block ---
}
