using System.Text.RegularExpressions;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Core.Accounts;

/// <summary>Field-level errors for an account form, keyed by field, in the order they were found.</summary>
public sealed class AccountValidationResult
{
    private readonly Dictionary<AccountField, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<AccountField, List<string>> Errors => _errors;

    public void Add(AccountField field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public IReadOnlyList<string> For(AccountField field) =>
        _errors.TryGetValue(field, out var list) ? list : [];
}

/// <summary>
/// Validates an <see cref="AccountDraft"/> against its broker's rules. Pure: no database, so the UI
/// runs it on every keystroke and the service runs it again before saving.
/// </summary>
public static partial class AccountValidator
{
    public const int DisplayNameMaxLength = 60;
    public const int UrlMaxLength = 2048;
    public const int SecretMaxLength = 4096;

    /// <summary>Trims fields and puts ids in the case brokers use, so duplicates are found however typed.</summary>
    public static void Normalize(AccountDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        draft.DisplayName = draft.DisplayName?.Trim() ?? "";
        draft.ClientId = (draft.ClientId?.Trim() ?? "").ToUpperInvariant();
        draft.ApiKey = Clean(draft.ApiKey);
        draft.ApiSecret = Clean(draft.ApiSecret);
        draft.AccessToken = Clean(draft.AccessToken);
        draft.Mpin = Clean(draft.Mpin);
        draft.TotpSecret = Clean(draft.TotpSecret) is { } totp ? TotpSeed.Canonicalize(totp) : null;
        draft.RedirectUrl = Clean(draft.RedirectUrl);
        draft.PostbackUrl = Clean(draft.PostbackUrl);
    }

    /// <param name="draft">A normalized draft.</param>
    /// <param name="storedSecrets">Secrets the account already holds (on edit), which satisfy "required".</param>
    public static AccountValidationResult Validate(AccountDraft draft, IReadOnlySet<SecretKind>? storedSecrets = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        storedSecrets ??= new HashSet<SecretKind>();
        var result = new AccountValidationResult();

        if (!Enum.IsDefined(draft.Broker))
        {
            result.Add(AccountField.ClientId, "Choose a broker.");
            return result;
        }

        var descriptor = BrokerCatalog.For(draft.Broker);

        if (string.IsNullOrWhiteSpace(draft.DisplayName))
        {
            result.Add(AccountField.DisplayName, "Give the account a name you will recognise, e.g. 'Family HUF'.");
        }
        else if (draft.DisplayName.Length > DisplayNameMaxLength)
        {
            result.Add(AccountField.DisplayName, $"Keep the name to {DisplayNameMaxLength} characters or fewer.");
        }

        foreach (var spec in DhanLoginModes.FieldsFor(draft.Broker, draft.DhanLoginMode))
        {
            var value = draft.Get(spec.Field);
            var present = !string.IsNullOrEmpty(value) || (SecretKindOf(spec.Field) is { } kind && storedSecrets.Contains(kind));
            if (!present)
            {
                if (spec.Requirement == FieldRequirement.Required)
                {
                    result.Add(spec.Field, $"{spec.Label} is required for {descriptor.Name}.");
                }

                continue;
            }

            if (!string.IsNullOrEmpty(value))
            {
                ValidateShape(draft, spec, value, result);
            }
        }

        return result;
    }

    /// <summary>The secret kind a form field is stored as, or null for non-secret fields.</summary>
    public static SecretKind? SecretKindOf(AccountField field) => field switch
    {
        AccountField.ApiSecret => SecretKind.ApiSecret,
        AccountField.AccessToken => SecretKind.AccessToken,
        AccountField.Mpin => SecretKind.Mpin,
        AccountField.TotpSecret => SecretKind.TotpSecret,
        _ => null,
    };

    private static void ValidateShape(AccountDraft draft, BrokerFieldSpec spec, string value, AccountValidationResult result)
    {
        switch (spec.Field)
        {
            case AccountField.ClientId:
                var clientPattern = draft.Broker == BrokerKind.Dhan ? DhanClientId() : AlphanumericClientId();
                if (!clientPattern.IsMatch(value))
                {
                    result.Add(spec.Field, draft.Broker == BrokerKind.Dhan
                        ? "Dhan client ids are 6 to 12 digits."
                        : $"{spec.Label} is 4 to 12 letters and digits, e.g. AB1234.");
                }

                break;
            case AccountField.ApiKey:
                var keyPattern = draft.Broker == BrokerKind.Fyers ? FyersAppId() : ApiKey();
                if (!keyPattern.IsMatch(value))
                {
                    result.Add(spec.Field, draft.Broker == BrokerKind.Fyers
                        ? "A Fyers app id looks like XC4EOD67IM-100 (letters and digits, a dash, three digits)."
                        : $"{spec.Label} is 6 to 64 letters, digits, '-' or '_', with no spaces.");
                }

                break;
            case AccountField.ApiSecret:
            case AccountField.AccessToken:
                if (value.Length < 8 || value.Length > SecretMaxLength || value.Any(char.IsWhiteSpace))
                {
                    result.Add(spec.Field, $"{spec.Label} should be 8 to {SecretMaxLength} characters with no spaces; check it was copied whole.");
                }

                break;
            case AccountField.Mpin when draft.Broker == BrokerKind.Dhan:
                if (!SixDigits().IsMatch(value))
                {
                    result.Add(spec.Field, "The Dhan PIN is exactly 6 digits.");
                }

                break;
            case AccountField.Mpin:
                if (!FourDigits().IsMatch(value))
                {
                    result.Add(spec.Field, "The MPIN is exactly 4 digits.");
                }

                break;
            case AccountField.TotpSecret:
                if (!TotpSeed.TryParse(value, out var seed))
                {
                    result.Add(spec.Field, "The TOTP secret must be Base32: letters A-Z and digits 2-7 (spaces are ignored).");
                }
                else if (seed.ByteCount < 10)
                {
                    result.Add(spec.Field, "The TOTP secret is too short: it should be at least 16 Base32 characters.");
                }

                break;
            case AccountField.RedirectUrl:
            case AccountField.PostbackUrl:
                ValidateUrl(draft, spec, value, result);
                break;
            case AccountField.DisplayName:
            default:
                break;
        }
    }

    private static void ValidateUrl(AccountDraft draft, BrokerFieldSpec spec, string value, AccountValidationResult result)
    {
        if (value.Length > UrlMaxLength)
        {
            result.Add(spec.Field, $"{spec.Label} must be at most {UrlMaxLength} characters.");
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            result.Add(spec.Field, $"{spec.Label} must be a full http(s) address, e.g. https://console.example.com/connect/zerodha/callback.");
            return;
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            result.Add(spec.Field, $"{spec.Label} cannot contain a '#' fragment; brokers drop it.");
        }

        // Brokers call live redirect and postback URLs over the internet: plain http would expose
        // request tokens and order data. Loopback http is fine, as is anything on a sandbox account.
        if (draft.Environment == AccountEnvironment.Live && uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            result.Add(spec.Field, $"{spec.Label} must use https for a live account.");
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[0-9]{6,12}$")]
    private static partial Regex DhanClientId();

    [GeneratedRegex("^[A-Z0-9]{4,12}$")]
    private static partial Regex AlphanumericClientId();

    [GeneratedRegex("^[A-Za-z0-9_-]{6,64}$")]
    private static partial Regex ApiKey();

    [GeneratedRegex("^[A-Z0-9]{6,20}-[0-9]{3}$")]
    private static partial Regex FyersAppId();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex FourDigits();

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex SixDigits();
}
