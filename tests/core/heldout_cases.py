"""Held-out phrasings: written before the resolver they test, and never tuned on.

Rules for this file (the benchmark's honesty depends on them):

* No threshold, weight, vocabulary entry or alias is added or changed because of a case here.
  When a case fails, it stays failed in the numbers that `bench/bench_resolver.py` prints.
* A case may change only when the book itself changes (an id renamed, a figure split), never to
  make it pass.

Written from the seeds' own wording and from how the three user groups type: moderators (short,
lower case, slang, chat shorthand, typos), reporters (precise, dated, asking for a breakdown or an
earlier value) and campaigners (plain or angry words for officers, sackings, arrests).

Expectations (see ``tests/core/case_format.py``):
``"fact_id"`` the fact's latest value (or the event); ``"fact_id@2023-04"`` the value as of that
date; ``"fact_id#label words"`` a part of the latest value, found by words of its label;
``"fact_id@2023-04#label words"`` a part of an earlier value; ``"fact_id!2019"`` the answer must
say the book has no value for that time; ``None`` the book cannot answer it (no confident answer).
``"a|b"`` accepts either.
"""

from __future__ import annotations

HELD_OUT: list[tuple[str, str | None]] = [
    # -- suspensions and restrictions ------------------------------------------------------------
    ("how many cops have been suspended", "suspended_officers"),
    ("no. of met coppers suspended rn", "suspended_officers"),
    ("how many met officers were suspended in march 2022", "suspended_officers@2022-03-31"),
    ("suspensions april 2023", "suspended_officers@2023-04-06"),
    ("latest number of suspended officers", "suspended_officers"),
    ("first figure for suspended officers", "suspended_officers@2022-03-31"),
    ("suspended met officers in 2019", "suspended_officers!2019"),
    ("how many plod are on desk duty", "restricted_officers"),
    ("officers on restricted duties in june 2023", "restricted_officers@2023-06-20"),
    ("cops on restricted duty november 2022", "restricted_officers@2022-11-24"),
    ("earliest count of officers on restricted duties", "restricted_officers@2022-11-24"),
    ("restricted duties 2021", "restricted_officers!2021"),
    # -- dismissals ------------------------------------------------------------------------------
    ("how many bent coppers got binned in 2023", "dismissals_calendar_year"),
    ("officers dismissed in 2022", "dismissals_calendar_year@2022"),
    ("how many officers got the sack in the six months to april 2023", "dismissals_six_months_to_apr2023"),
    ("misconduct dismissals per year before rowley", "dismissals_per_year_before_2022"),
    (
        "how many officers sacked for gross misconduct in the year to sept 2023",
        "gross_misconduct_dismissals_year_to_sept2023",
    ),
    ("how many officers were kicked out and barred from policing", "barred_list_dismissals_2024_25"),
    ("uk wide barred list total 2024/25", "barred_list_dismissals_2024_25#UK-wide"),
    ("officers who quit or were sacked in the clean up", "leavers_standards_drive"),
    ("how many left under the standards drive by june 2025", "leavers_standards_drive@2025-06"),
    (
        "how many rogue officers did the daily mail say were kicked out",
        "rogue_officers_kicked_out_daily_mail",
    ),
    ("how many cops referred for the sack after re-vetting", "vetting_review_first_referrals"),
    # -- convictions and criminal records --------------------------------------------------------
    ("met officers with criminal convictions april 2023", "officers_with_criminal_convictions"),
    (
        "traffic offences among officers with convictions in april 2023",
        "officers_with_criminal_convictions#traffic",
    ),
    ("officers with criminal records for theft or fraud", "officers_with_criminal_records#theft"),
    ("how many officers have a record for violence", "officers_with_criminal_records#violence"),
    ("how many officers with a record for drugs", "officers_with_criminal_records#drugs"),
    ("criminal records nov 2024", "officers_with_criminal_records@2024-11"),
    ("criminal records 2020", "officers_with_criminal_records!2020"),
    ("what proportion of cops have a conviction", "convictions_one_in_200"),
    ("share of convicted officers who are sex offenders", "convictions_sexual_offence_share"),
    ("what fraction of the convictions happened before they joined", "convictions_before_joining_share"),
    ("officers convicted while serving 2019 to 2022", "convicted_while_serving_2019_2022"),
    ("staff convicted of sex offences while serving", None),
    ("how many serving officers were convicted of forgery", "convicted_while_serving_2019_2022#forgery"),
    # -- Operation Onyx --------------------------------------------------------------------------
    ("how many cases did onyx look at again", "onyx_cases_reassessed"),
    ("how many onyx cases got no further action", "onyx_no_further_action|onyx_cases_reassessed#no further"),
    (
        "officers facing risk management after the carrick review",
        "onyx_risk_management|onyx_cases_reassessed#risk assessments",
    ),
    ("how many past abuse cases did the met flag after carrick pleaded guilty", "onyx_cases_identified"),
    ("how many officers involved in the onyx cases", "onyx_cases_identified#involved"),
    ("onyx cases still open jan 2024", "onyx_live_reviews_jan2024"),
    ("how many onyx officers have left the met", "onyx_live_reviews_jan2024#left the met"),
    ("what % of the original abuse investigations were flawed", "onyx_share_needing_more_work"),
    # -- reports, hotlines -----------------------------------------------------------------------
    (
        "how many misconduct reports did the met get in the year to september 2023",
        "misconduct_reports_year_to_sept2023",
    ),
    ("how many people rang the anti corruption hotline", "public_hotline_contacts"),
    ("hotline calls april 2023", "public_hotline_contacts@2023-04-06"),
    ("how many investigations did the hotline trigger", "public_hotline_contacts#investigations"),
    ("whistleblower reports a week on the internal line", "internal_hotline_reports_per_week"),
    ("how many hotline tip-offs were about other forces", "hotline_reports_other_forces"),
    # -- hearings and backlogs -------------------------------------------------------------------
    (
        "officers waiting for gross misconduct hearings sept 2022",
        "gross_misconduct_hearing_backlog_officers@2022-09",
    ),
    ("misconduct cases waiting to be heard may 2024", "misconduct_hearing_backlog_cases"),
    ("backlog of misconduct hearings october 2023", "misconduct_hearing_backlog_cases@2023-10"),
    ("how many misconduct hearings were held in 2015", "misconduct_hearings_2023!2015"),
    ("how many unsatisfactory performance hearings in 2023", "misconduct_hearings_2023#unsatisfactory"),
    (
        "how many officers a month did rowley want in front of a misconduct panel",
        "hearings_planned_per_month",
    ),
    # -- vetting ---------------------------------------------------------------------------------
    ("how many pc's lost their vetting and left", "op_assure_vetting_removals"),
    ("officers on special vetting leave on full pay", "op_assure_vetting_removals#special vetting leave"),
    ("how many vetting reviews has operation assure finished", "op_assure_reviews_completed"),
    ("in how many assure reviews was vetting withdrawn", "op_assure_reviews_completed#withdrawn"),
    ("how many met staff were never properly vetted", "jorica_not_properly_vetted"),
    ("how many missed the special branch check", "jorica_not_properly_vetted#special branch"),
    ("recruits hired without references 2018-2022", "jorica_missing_references"),
    (
        "how many would not have been hired if references were checked",
        "jorica_missing_references#not have been hired",
    ),
    ("how many applicants might have been refused vetting", "jorica_possible_refusals"),
    (
        "vetting refusals overturned by the appeal panel",
        "jorica_overturned_refusals_misconduct#overturned|jorica_not_properly_vetted#overturned",
    ),
    (
        "people whose failed vetting was overturned and then offended",
        "jorica_overturned_refusals_misconduct",
    ),
    ("how many badly vetted officers went on to commit crimes", "jorica_went_on_to_offend"),
    (
        "how many officers will have their vetting status reviewed in the next 6 months",
        "vetting_status_reviews_apr2023",
    ),
    # -- database checks -------------------------------------------------------------------------
    ("how many staff checked against the pnd so far april 2023", "pnd_potential_misconduct_apr2023#checked"),
    ("database checks found how many potential misconduct cases", "pnd_potential_misconduct_apr2023"),
    ("officers with links to organised criminals", "pnd_criminal_associations_apr2023"),
    (
        "national data wash how many disciplinary investigations",
        None,
    ),
    ("how many cops nationally were checked against the police database", "pnd_national_checks_jan2024"),
    ("met officers facing discipline after national database screening", "pnd_met_disciplinary_jan2024"),
    ("how many met officers got an all clear from the data wash", None),
    # -- capacity, size --------------------------------------------------------------------------
    ("how many police officers in the met", "met_officer_headcount"),
    ("how many more investigators did dps get in nov 2021", "dps_investigators_nov2021"),
    ("how many investigators was rowley planning to hire for dps", "dps_investigators_planned_sept2022"),
    ("how many staff were added to professional standards by april 2023", "dps_increase_apr2023"),
    (
        "how many detectives were taken off counter terror to work on standards",
        "officers_diverted_to_dps_apr2023",
    ),
    ("how many detectives in the new anti-corruption unit", "anti_corruption_command_size"),
    ("police uplift target england and wales", "uplift_recruitment_target#national"),
    ("how many extra cops did the met have to recruit", "uplift_recruitment_target"),
    # -- 2021 reviews and claims -----------------------------------------------------------------
    ("how many sexual misconduct cases was the met reviewing in nov 2021", "misconduct_cases_reviewed_2021"),
    ("how many vetting histories were dip sampled", "vetting_dip_sample_2021"),
    ("how much did knife crime fall", "knife_gun_crime_fall_2021"),
    ("robbery down how much 2021", "personal_robbery_fall_2021"),
    ("sexual misconduct allegations radar freedom of information", "sexual_misconduct_allegations_radar_foi"),
    # -- Casey ---------------------------------------------------------------------------------
    ("officer with eleven misconduct cases still in the job", "casey_interim_officer_11_cases"),
    ("most times one officer was investigated for misconduct", "casey_interim_most_cases_one_person"),
    ("how many officers had 2 or more misconduct allegations", "casey_interim_repeat_subjects"),
    ("of the repeat subjects how many got sacked", "casey_interim_repeat_subjects_dismissed"),
    ("average time to resolve a misconduct complaint", "casey_interim_average_days_to_finalise"),
    (
        "what share of misconduct cases take over two years",
        "casey_interim_average_days_to_finalise#two years",
    ),
    (
        "how often do internal allegations end with no case to answer",
        "casey_interim_no_case_to_answer_share",
    ),
    ("asian officers misconduct disparity", None),
    ("how many allegations did casey look at between 2013 and 2022", "casey_interim_allegations_analysed"),
    (
        "how many distinct officers and staff in the casey data",
        "casey_interim_allegations_analysed#officers and staff involved",
    ),
    ("number of pages in casey's final report", "casey_final_report_pages"),
    ("how many met staff filled in the casey survey", "casey_survey_respondents"),
    (
        "how many abuse allegations against met cops were being investigated in oct 2022",
        "abuse_allegations_under_investigation_oct2022",
    ),
    ("biggest drive on standards in 50 years", "standards_drive_50_years"),
    # -- individual officers ---------------------------------------------------------------------
    ("how many counts of rape did carrick plead to", "carrick_charges_admitted#counts of rape"),
    ("how many women did carrick attack", "carrick_charges_admitted#victims"),
    ("how many life sentences did carrick originally get", "carrick_life_sentences@2023-02-07"),
    ("carrick life sentences 2021", "carrick_life_sentences!2021"),
    ("how many times was carrick reported before he was caught", "carrick_prior_incidents"),
    ("how long was couzens jailed for flashing", "couzens_indecent_exposure_sentence"),
    ("how long did anthony smith get", "anthony_smith_sentence"),
    ("cliff mitchell minimum term before the appeal", "cliff_mitchell_minimum_term@2024-05-01"),
    # -- events: when ----------------------------------------------------------------------------
    ("when did sarah everard go missing", "everard_abducted"),
    ("date couzens was lifted", "couzens_arrested"),
    ("when did they find sarah everard", "everard_body_found"),
    ("when was couzens charged", "couzens_charged"),
    ("what day was the clapham vigil", "clapham_common_vigil"),
    ("when did the watchdog report on the vigil policing", "hmicfrs_vigil_report"),
    ("when did couzens admit the rape", "couzens_pleads_kidnap_rape"),
    ("when did couzens plead guilty to killing sarah everard", "couzens_pleads_murder"),
    ("when was couzens jailed for life", "couzens_whole_life_order"),
    ("when did the court of appeal uphold couzens's sentence", "couzens_appeal_dismissed"),
    ("when did cressida dick quit", "dick_resigns"),
    ("when was rowley named as the new commissioner", "rowley_named_commissioner"),
    ("when did rowley take over", "rowley_takes_office"),
    ("date the met went into special measures", "met_special_measures"),
    ("when was the anti corruption and abuse command set up", "anti_corruption_abuse_command"),
    ("when did casey publish her interim report", "casey_interim_report"),
    ("when did the casey report come out", "casey_final_report"),
    ("date carrick was nicked", "carrick_arrested_suspended"),
    ("when was carrick kicked out of the met", "carrick_sacked"),
    ("when was carrick jailed", "carrick_sentenced"),
    ("when did carrick first plead guilty", "carrick_pleads_43"),
    ("when was the angiolini report out", "angiolini_part1_report"),
    ("when was lady angiolini appointed", "angiolini_inquiry_chair"),
    ("when was the charing cross report published", "operation_hotton_report"),
    ("when did panorama air the charing cross film", "panorama_charing_cross"),
    ("when did the new vetting rules become law", "police_vetting_regulations_in_force"),
    ("when did the high court rule on sacking officers who fail vetting", "high_court_di_maria_ruling"),
    ("when was the turnaround plan published", "met_turnaround_plan"),
    ("date of the jorica vetting report", "operation_jorica_published"),
    ("when was the national police corruption hotline launched", "national_hotline_launch"),
    ("when was the met's anti-corruption hotline launched", "public_hotline_launched"),
    ("when did the home office announce the dismissals review", "home_office_dismissals_review_announced"),
    ("when did priti patel announce the inquiry", "patel_announces_inquiry"),
    ("date anthony smith was sent down", "anthony_smith_jailed"),
    ("when was cliff mitchell locked up", "cliff_mitchell_jailed"),
    ("when was carrick found guilty at his second trial", "carrick_second_trial_verdicts"),
    ("when did all police staff have to be checked against the database", "npcc_orders_pnd_checks"),
    ("when did the met start re-vetting officers", "operation_assure_starts"),
    ("when did the government announce changes to sacking police", "home_office_dismissal_reforms"),
    ("when did the met publish its vawg plan", "vawg_action_plan"),
    # -- the book cannot answer these ------------------------------------------------------------
    ("how many officers does west midlands police have", None),
    ("how many police officers are there in england and wales", None),
    ("how many officers did greater manchester sack in 2023", None),
    ("met police budget 2024", None),
    ("how many people were stopped and searched in london", None),
    ("how many murders in london last year", None),
    ("when was the met police founded", None),
    ("when did sadiq khan become mayor", None),
    ("how many officers died on duty", None),
    ("what is the met's overtime bill", None),
    ("how many tasers does the met have", None),
    ("how many complaints about police scotland", None),
    ("who is the home secretary", None),
    ("how many football arrests this season", None),
    ("what time is it", None),
    ("hi there", None),
    ("how many police horses", None),
    ("number of police stations closed in london", None),
    ("how many speed cameras in london", None),
    ("when did boris johnson resign", None),
    ("average salary of a met constable", None),
    ("how many female officers in the met", None),
]
