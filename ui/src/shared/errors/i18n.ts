// What went wrong, in words, English and Dutch (namespace "errors"). `platform` is keyed by
// the platform contract's stable error codes (a change refused locally before sending uses
// the same codes); `code` by the IPC error's code. Each text says what to do.
export const errorTexts = {
  en: {
    platform: {
      unauthorized: "Your session with the platform is no longer valid: sign in again.",
      forbidden: "You may not do this: only administrators (or this organisation's administrators) may.",
      not_found: "It no longer exists on the platform: it was removed, here or elsewhere. Refresh the list.",
      last_administrator:
        "This is the environment's last administrator: make someone else an administrator first, so that the environment is never left without one.",
      already_invited: "This address is already invited: resend the invitation from the user's page.",
      already_user: "This address already belongs to a user of this environment.",
      already_exists: "This already exists on the platform.",
      not_pending: "This invitation is no longer open: it was accepted or revoked.",
      invalid_state: "This is not possible in the current state: refresh and try again.",
      stale_version:
        "Someone changed this elsewhere in the meantime: look at the current state and make the change again if it is still needed.",
      precondition_required: "The platform needs the current version for this change: refresh and try again.",
      invalid_email: "This is not a valid email address: correct it and try again.",
      shared_email_domain:
        "The domain of this address belongs to another eConnect environment: an email invitation would start a new environment. Use Add directly instead.",
      validation_failed: "The platform did not accept the input: check what you entered and try again.",
      idempotency_key_reused: "This change was already sent with different content: make it again.",
      rate_limited: "The platform is busy: wait a moment and try again.",
      internal: "The platform had an unexpected problem: try again later, and contact eConnect if it keeps happening.",
      unavailable: "The platform is temporarily unavailable: try again later. Changes you make are kept and sent when it is back.",
    },
    code: {
      app_folder:
        "The app cannot use its folders on this computer (the disk may be full, or the permissions wrong): free some space or check the permissions, then try again.",
      keychain:
        "The operating system's keychain cannot be reached or is locked: unlock it and try again. Nothing was stored anywhere else.",
      authentication:
        "The platform refused the sign-in, or the session ended: check the client id and secret (and the username and password, if you use them), or sign in again.",
      invalid_input: "The app cannot use this input: check it and try again.",
      not_found: "It no longer exists: it was removed, here or elsewhere. Refresh the list.",
      unreachable: "The platform cannot be reached: check the connection and try again. Changes you make are kept and sent when it is back.",
      rejected: "The platform refused this.",
      conflict: "This was changed elsewhere in the meantime: review the waiting changes and choose which version to keep.",
      internal: "Something unexpected went wrong. If it keeps happening, report it with the app's log.",
    },
    detailed: {
      internal: "Something unexpected went wrong: {{detail}}",
      app_folder: "The app's own files cannot be used. In the app's words: {{detail}}",
      invalid_input: "The app cannot use this input: {{detail}}",
      unknown: "Something unexpected went wrong: {{detail}}",
      other: "{{text}} ({{detail}})",
    },
    unknown: "Something unexpected went wrong. If it keeps happening, report it with the app's log.",
    noReason: "no reason given",
  },
  nl: {
    platform: {
      unauthorized: "Je sessie bij het platform is niet meer geldig: meld je opnieuw aan.",
      forbidden: "Dit mag je niet doen: alleen beheerders (of de beheerders van deze organisatie) mogen dat.",
      not_found: "Dit bestaat niet meer op het platform: het is verwijderd, hier of elders. Vernieuw de lijst.",
      last_administrator:
        "Dit is de laatste beheerder van de omgeving: maak eerst iemand anders beheerder, zodat de omgeving nooit zonder beheerder is.",
      already_invited: "Dit adres is al uitgenodigd: verstuur de uitnodiging opnieuw vanaf de pagina van de gebruiker.",
      already_user: "Dit adres hoort al bij een gebruiker van deze omgeving.",
      already_exists: "Dit bestaat al op het platform.",
      not_pending: "Deze uitnodiging staat niet meer open: ze is geaccepteerd of ingetrokken.",
      invalid_state: "Dit kan niet in de huidige toestand: vernieuw en probeer het opnieuw.",
      stale_version:
        "Iemand heeft dit intussen elders gewijzigd: bekijk de huidige stand en doe de wijziging opnieuw als die nog nodig is.",
      precondition_required: "Het platform heeft voor deze wijziging de huidige versie nodig: vernieuw en probeer het opnieuw.",
      invalid_email: "Dit is geen geldig e-mailadres: verbeter het en probeer het opnieuw.",
      shared_email_domain:
        "Het domein van dit adres hoort bij een andere eConnect-omgeving: een uitnodiging per e-mail zou een nieuwe omgeving starten. Gebruik in plaats daarvan Direct toevoegen.",
      validation_failed: "Het platform heeft de invoer niet geaccepteerd: controleer wat je hebt ingevuld en probeer het opnieuw.",
      idempotency_key_reused: "Deze wijziging is al eens met een andere inhoud verstuurd: doe haar opnieuw.",
      rate_limited: "Het platform heeft het druk: wacht even en probeer het opnieuw.",
      internal: "Het platform had een onverwacht probleem: probeer het later opnieuw, en neem contact op met eConnect als het blijft gebeuren.",
      unavailable:
        "Het platform is tijdelijk niet beschikbaar: probeer het later opnieuw. Wijzigingen die je maakt, worden bewaard en verstuurd zodra het terug is.",
    },
    code: {
      app_folder:
        "De app kan haar mappen op deze computer niet gebruiken (de schijf is misschien vol, of de rechten kloppen niet): maak ruimte vrij of controleer de rechten, en probeer het opnieuw.",
      keychain:
        "De sleutelhanger van het besturingssysteem is niet bereikbaar of vergrendeld: ontgrendel hem en probeer het opnieuw. Er is niets ergens anders bewaard.",
      authentication:
        "Het platform heeft de aanmelding geweigerd, of de sessie is beëindigd: controleer de client-id en het clientgeheim (en de gebruikersnaam en het wachtwoord, als je die gebruikt), of meld je opnieuw aan.",
      invalid_input: "De app kan deze invoer niet gebruiken: controleer haar en probeer het opnieuw.",
      not_found: "Dit bestaat niet meer: het is verwijderd, hier of elders. Vernieuw de lijst.",
      unreachable:
        "Het platform is niet bereikbaar: controleer de verbinding en probeer het opnieuw. Wijzigingen die je maakt, worden bewaard en verstuurd zodra het terug is.",
      rejected: "Het platform heeft dit geweigerd.",
      conflict: "Dit is intussen elders gewijzigd: bekijk de wachtende wijzigingen en kies welke versie je houdt.",
      internal: "Er ging iets onverwachts mis. Als het blijft gebeuren, meld het dan met het logboek van de app.",
    },
    detailed: {
      internal: "Er ging iets onverwachts mis: {{detail}}",
      app_folder: "De eigen bestanden van de app zijn niet te gebruiken. In de woorden van de app: {{detail}}",
      invalid_input: "De app kan deze invoer niet gebruiken: {{detail}}",
      unknown: "Er ging iets onverwachts mis: {{detail}}",
      other: "{{text}} ({{detail}})",
    },
    unknown: "Er ging iets onverwachts mis. Als het blijft gebeuren, meld het dan met het logboek van de app.",
    noReason: "geen reden opgegeven",
  },
};

/** The platform codes with a text of their own. */
export const KNOWN_PLATFORM_CODES = new Set(Object.keys(errorTexts.en.platform));

/** The IPC error codes with a text of their own. */
export const KNOWN_CODES = new Set(Object.keys(errorTexts.en.code));
