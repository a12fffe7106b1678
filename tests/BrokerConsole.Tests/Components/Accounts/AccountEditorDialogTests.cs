using BrokerConsole.Core.Accounts;
using BrokerConsole.Web.Components.Accounts;
using Bunit;

namespace BrokerConsole.Tests.Components.Accounts;

/// <summary>The account editor: fields per broker, errors next to the field they are about, the redirect URL prefilled.</summary>
public sealed class AccountEditorDialogTests : AccountsComponentTest
{
    private async Task<IRenderedComponent<MudBlazor.MudDialogProvider>> OpenAsync()
    {
        var host = RenderDialogHost();
        await ShowAsync<AccountEditorDialog>("Add broker account");
        host.WaitForElement("[data-testid=account-editor]");
        return host;
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<MudBlazor.MudDialogProvider> host, AccountField field) =>
        host.Find($"input[data-testid=field-{field}]");

    /// <summary>The MudBlazor field wrapper around an input: where its helper or error text sits.</summary>
    private static AngleSharp.Dom.IElement FieldOf(AngleSharp.Dom.IElement input) =>
        input.Closest(".mud-input-control") ?? throw new InvalidOperationException("no field wrapper");

    private static void ChooseBroker(IRenderedComponent<MudBlazor.MudDialogProvider> host, BrokerKind broker) =>
        host.Find($"[data-testid=field-Broker] input[data-testid=broker-{broker}]").Click();

    [Fact]
    public async Task Zerodha_save_with_nothing_filled_shows_each_error_under_its_own_field()
    {
        var host = await OpenAsync();

        host.Find("[data-testid=save-account]").Click();

        Assert.Contains("API secret is required for Zerodha.", FieldOf(Input(host, AccountField.ApiSecret)).TextContent, StringComparison.Ordinal);
        Assert.Contains("Zerodha user id is required for Zerodha.", FieldOf(Input(host, AccountField.ClientId)).TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("API secret", FieldOf(Input(host, AccountField.ClientId)).TextContent, StringComparison.Ordinal);
        Assert.Empty(AccountStore.Created);
    }

    [Fact]
    public async Task Zerodha_redirect_url_is_prefilled_with_this_servers_callback_and_has_a_copy_button()
    {
        var host = await OpenAsync();

        var redirect = Input(host, AccountField.RedirectUrl);
        Assert.Equal("http://localhost/connect/zerodha/callback", redirect.GetAttribute("value"));
        Assert.NotNull(FieldOf(redirect).QuerySelector("[aria-label='Copy the redirect URL']"));
    }

    [Fact]
    public async Task Fyers_gets_its_own_callback_and_angel_has_no_redirect_field()
    {
        var host = await OpenAsync();

        ChooseBroker(host, BrokerKind.Fyers);
        Assert.Equal("http://localhost/connect/fyers/callback", Input(host, AccountField.RedirectUrl).GetAttribute("value"));

        ChooseBroker(host, BrokerKind.AngelOne);
        Assert.Empty(host.FindAll("[data-testid=field-RedirectUrl]"));
        Assert.NotNull(Input(host, AccountField.Mpin));
    }

    [Fact]
    public async Task A_redirect_url_the_user_typed_is_kept_when_the_broker_changes()
    {
        var host = await OpenAsync();

        Input(host, AccountField.RedirectUrl).Input("https://console.example.in/connect/zerodha/callback");
        ChooseBroker(host, BrokerKind.Fyers);

        Assert.Equal("https://console.example.in/connect/zerodha/callback", Input(host, AccountField.RedirectUrl).GetAttribute("value"));
    }

    [Fact]
    public async Task Angel_mpin_error_sits_under_the_mpin_and_clears_as_the_user_types()
    {
        var host = await OpenAsync();
        ChooseBroker(host, BrokerKind.AngelOne);
        Input(host, AccountField.Mpin).Input("12");

        host.Find("[data-testid=save-account]").Click();
        Assert.Contains("The MPIN is exactly 4 digits.", FieldOf(Input(host, AccountField.Mpin)).TextContent, StringComparison.Ordinal);

        Input(host, AccountField.Mpin).Input("1234");
        Assert.DoesNotContain("The MPIN is exactly 4 digits.", host.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_ip_box_is_collapsed_and_names_the_config_key()
    {
        var host = await OpenAsync();
        Assert.Empty(host.FindAll("[data-testid=static-ip-warning]"));

        ChooseBroker(host, BrokerKind.Dhan);

        var box = host.Find("[data-testid=static-ip-warning]");
        Assert.Contains("could not be detected: set the config key Network:PublicIp", box.QuerySelector("[data-testid=public-ip]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(box.QuerySelector(".mud-panel-expanded"));
        Assert.DoesNotContain("in settings", box.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_valid_zerodha_account_is_created_with_the_prefilled_redirect()
    {
        var host = await OpenAsync();
        Input(host, AccountField.DisplayName).Input("Primary Kite");
        Input(host, AccountField.ClientId).Input("AB1234");
        Input(host, AccountField.ApiKey).Input("kitebunit01");
        Input(host, AccountField.ApiSecret).Input("bunit-secret");

        host.Find("[data-testid=save-account]").Click();

        var created = Assert.Single(AccountStore.Created);
        Assert.Equal("Primary Kite", created.DisplayName);
        Assert.Equal("http://localhost/connect/zerodha/callback", created.RedirectUrl);
        host.WaitForAssertion(() => Assert.Empty(host.FindAll("[data-testid=account-editor]")));
    }

    [Fact]
    public async Task A_zerodha_totp_secret_is_stored_only_with_the_consoles_second_factor_on_and_the_password_again()
    {
        TwoFactor.IsOn = false;
        var host = await OpenAsync();
        Input(host, AccountField.DisplayName).Input("Kite with seed");
        Input(host, AccountField.ClientId).Input("AB1234");
        Input(host, AccountField.ApiKey).Input("kitebunit01");
        Input(host, AccountField.ApiSecret).Input("bunit-secret");
        Input(host, AccountField.TotpSecret).Input("JBSWY3DPEHPK3PXP");

        host.Find("[data-testid=save-account]").Click();

        Assert.Empty(AccountStore.Created);
        Assert.Contains("Turn on two-factor sign-in for BrokerConsole first", host.Find("[data-testid=save-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Reauthentication.Asked);

        TwoFactor.IsOn = true;
        host.Find("[data-testid=save-account]").Click();

        Assert.Equal(["store a Zerodha TOTP secret"], Reauthentication.Asked);
        host.WaitForAssertion(() => Assert.Single(AccountStore.Created));
    }
}
