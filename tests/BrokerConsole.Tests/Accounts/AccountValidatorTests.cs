using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Accounts;

public sealed class AccountValidatorTests
{
    private static AccountValidationResult Validate(AccountDraft draft, params SecretKind[] stored)
    {
        AccountValidator.Normalize(draft);
        return AccountValidator.Validate(draft, stored.ToHashSet());
    }

    [Fact]
    public void Validate_accepts_a_complete_draft_for_every_broker()
    {
        foreach (var draft in new[] { AccountDrafts.Zerodha(), AccountDrafts.Dhan(), AccountDrafts.Fyers(), AccountDrafts.AngelOne() })
        {
            var result = Validate(draft);
            Assert.True(result.IsValid, $"{draft.Broker}: {string.Join("; ", result.Errors.SelectMany(e => e.Value))}");
        }
    }

    [Fact]
    public void Validate_zerodha_without_secret_names_the_field_and_broker()
    {
        var draft = AccountDrafts.Zerodha();
        draft.ApiSecret = "  ";
        var result = Validate(draft);
        Assert.Equal(["API secret is required for Zerodha."], result.For(AccountField.ApiSecret));
    }

    [Fact]
    public void Validate_edit_with_stored_secret_does_not_require_it_again()
    {
        var draft = AccountDrafts.Zerodha();
        draft.ApiSecret = null;
        Assert.True(Validate(draft, SecretKind.ApiSecret).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("AB-1234")]
    [InlineData("ABCDEFGHIJKLM")]
    public void Validate_rejects_malformed_zerodha_user_ids(string clientId)
    {
        var draft = AccountDrafts.Zerodha(clientId: clientId);
        Assert.NotEmpty(Validate(draft).For(AccountField.ClientId));
    }

    [Fact]
    public void Normalize_uppercases_client_id_so_duplicates_match()
    {
        var draft = AccountDrafts.Zerodha(clientId: " ab1234 ");
        AccountValidator.Normalize(draft);
        Assert.Equal("AB1234", draft.ClientId);
    }

    [Theory]
    [InlineData("JBSWY3DPEHPK3PX1")]
    [InlineData("not base32 at all!")]
    public void Validate_rejects_non_base32_totp_secret(string secret)
    {
        var result = Validate(AccountDrafts.AngelOne(totp: secret));
        // The wording users have seen since the start; the decoder behind it changed (Otp.NET), the message must not.
        Assert.Equal(["The TOTP secret must be Base32: letters A-Z and digits 2-7 (spaces are ignored)."], result.For(AccountField.TotpSecret));
    }

    [Fact]
    public void Validate_rejects_short_totp_secret()
    {
        var result = Validate(AccountDrafts.AngelOne(totp: "JBSWY3DP"));
        Assert.Equal(["The TOTP secret is too short: it should be at least 16 Base32 characters."], result.For(AccountField.TotpSecret));
    }

    [Fact]
    public void Validate_accepts_totp_secret_typed_with_spaces_and_lowercase()
    {
        var draft = AccountDrafts.AngelOne(totp: "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp");
        Assert.True(Validate(draft).IsValid);
        Assert.Equal(AccountDrafts.TotpSeed, draft.TotpSecret);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("12345")]
    [InlineData("12a4")]
    public void Validate_rejects_mpin_that_is_not_four_digits(string mpin)
    {
        Assert.Equal(["The MPIN is exactly 4 digits."], Validate(AccountDrafts.AngelOne(mpin: mpin)).For(AccountField.Mpin));
    }

    [Theory]
    [InlineData("localhost/callback")]
    [InlineData("ftp://example.com/cb")]
    [InlineData("https://example.com/cb#frag")]
    public void Validate_rejects_bad_redirect_urls(string url)
    {
        var draft = AccountDrafts.Zerodha();
        draft.RedirectUrl = url;
        Assert.NotEmpty(Validate(draft).For(AccountField.RedirectUrl));
    }

    [Fact]
    public void Validate_live_account_requires_https_except_loopback()
    {
        var draft = AccountDrafts.Zerodha();
        draft.Environment = AccountEnvironment.Live;
        draft.RedirectUrl = "http://console.example.com/connect/zerodha/callback";
        Assert.Equal(["Redirect URL must use https for a live account."], Validate(draft).For(AccountField.RedirectUrl));

        draft.RedirectUrl = "http://127.0.0.1:5080/connect/zerodha/callback";
        Assert.True(Validate(draft).IsValid);
    }

    [Fact]
    public void Validate_rejects_overlong_display_name()
    {
        var draft = AccountDrafts.Zerodha();
        draft.DisplayName = new string('x', AccountValidator.DisplayNameMaxLength + 1);
        Assert.NotEmpty(Validate(draft).For(AccountField.DisplayName));
    }

    [Fact]
    public void Validate_dhan_token_mode_needs_the_token()
    {
        var draft = AccountDrafts.Dhan();
        draft.AccessToken = null;
        Assert.Equal(["Access token is required for Dhan."], Validate(draft).For(AccountField.AccessToken));
    }

    [Fact]
    public void Validate_dhan_consent_mode_needs_key_and_secret_and_ignores_the_token()
    {
        var draft = AccountDrafts.DhanConsent();
        draft.ApiSecret = null;
        Assert.Equal(["API secret is required for Dhan."], Validate(draft).For(AccountField.ApiSecret));
        Assert.Empty(Validate(draft).For(AccountField.AccessToken));

        draft.ApiSecret = "dhan-app-secret-01";
        Assert.True(Validate(draft).IsValid);
        Assert.True(Validate(new AccountDraft { Broker = BrokerKind.Dhan, DhanLoginMode = DhanLoginMode.ApiKeyConsent, DisplayName = "d", ClientId = "1000000123", ApiKey = "dhan-app-01" }, SecretKind.ApiSecret).IsValid);
    }

    [Fact]
    public void Validate_dhan_pin_mode_needs_a_six_digit_pin_and_a_base32_secret()
    {
        var draft = AccountDrafts.DhanPin();
        Assert.True(Validate(draft).IsValid);

        draft.Mpin = "1234";
        draft.TotpSecret = "not base32!";
        var result = Validate(draft);
        Assert.Equal(["The Dhan PIN is exactly 6 digits."], result.For(AccountField.Mpin));
        Assert.NotEmpty(result.For(AccountField.TotpSecret));

        draft.Mpin = null;
        draft.TotpSecret = null;
        Assert.Equal(["PIN is required for Dhan."], Validate(draft).For(AccountField.Mpin));
        Assert.Equal(["TOTP secret is required for Dhan."], Validate(draft).For(AccountField.TotpSecret));
    }

    [Theory]
    [InlineData(new[] { SecretKind.AccessToken }, null, DhanLoginMode.AccessToken)]
    [InlineData(new[] { SecretKind.ApiSecret }, "dhan-app-01", DhanLoginMode.ApiKeyConsent)]
    [InlineData(new[] { SecretKind.Mpin, SecretKind.TotpSecret }, null, DhanLoginMode.PinTotp)]
    [InlineData(new[] { SecretKind.AccessToken, SecretKind.ApiSecret }, "dhan-app-01", DhanLoginMode.AccessToken)]
    public void Dhan_login_mode_is_derived_from_what_is_stored(SecretKind[] stored, string? apiKey, DhanLoginMode expected) =>
        Assert.Equal(expected, DhanLoginModes.Of(stored.ToHashSet(), apiKey));

    [Fact]
    public void Validate_dhan_client_id_is_numeric()
    {
        var draft = AccountDrafts.Dhan();
        draft.ClientId = "AB1234";
        Assert.Equal(["Dhan client ids are 6 to 12 digits."], Validate(draft).For(AccountField.ClientId));
    }

    [Fact]
    public void Validate_fyers_app_id_shape()
    {
        var draft = AccountDrafts.Fyers();
        draft.ApiKey = "XC4EOD67IM";
        Assert.NotEmpty(Validate(draft).For(AccountField.ApiKey));
    }

    [Fact]
    public void Validate_secret_with_whitespace_inside_is_rejected()
    {
        var draft = AccountDrafts.Zerodha(secret: "abc def ghi jkl");
        Assert.NotEmpty(Validate(draft).For(AccountField.ApiSecret));
    }
}
