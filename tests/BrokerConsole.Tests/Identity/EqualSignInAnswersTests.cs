using System.Net;
using AngleSharp.Html.Parser;
using BrokerConsole.Core.Identity;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Identity;

/// <summary>Counts password verifications: the work that makes a sign-in slow, whoever it is for.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<ApplicationUser>
{
    private readonly PasswordHasher<ApplicationUser> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public sealed class CountingHasherApp : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create()
        .WithServices(services => services.AddSingleton<CountingPasswordHasher>().AddScoped<IPasswordHasher<ApplicationUser>>(sp => sp.GetRequiredService<CountingPasswordHasher>()));
}

/// <summary>
/// Issue #17 §5: sign-in tells nothing about which e-mails exist: an unknown e-mail, a wrong password and a locked
/// account get the same message, and each costs one password verification (a dummy one where Identity would skip it).
/// Timing itself is not measured on the wall clock; the hash work is what makes it comparable.
/// </summary>
public sealed class EqualSignInAnswersTests(SharedApp<CountingHasherApp> app) : IClassFixture<SharedApp<CountingHasherApp>>
{
    private async Task<(string Message, int Verifications)> SignInAsync(string email, string password)
    {
        var hasher = app.Services.GetRequiredService<CountingPasswordHasher>();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var before = hasher.Verifications;
        using var response = await client.SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });
        var verifications = hasher.Verifications - before;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var message = page.QuerySelector("[data-testid=auth-message]")?.TextContent.Trim()
            ?? throw new InvalidOperationException("No status message on the page.");
        return (message, verifications);
    }

    [Fact]
    public async Task Unknown_email_wrong_password_and_locked_account_same_message_and_one_hash_each()
    {
        var known = $"equal-{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(known, "sensex-2026-ok");
        var locked = $"locked-{Guid.NewGuid():N}@example.com";
        var lockedId = await app.CreateUserAsync(locked, "sensex-2026-ok");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(lockedId))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        var unknown = await SignInAsync($"nobody-{Guid.NewGuid():N}@example.com", "wrong-password-1");
        var wrong = await SignInAsync(known, "wrong-password-1");
        var lockedOut = await SignInAsync(locked, "sensex-2026-ok");

        Assert.Equal(wrong.Message, unknown.Message);
        Assert.Equal(wrong.Message, lockedOut.Message);
        Assert.Equal(1, wrong.Verifications);
        Assert.Equal(1, unknown.Verifications);
        Assert.Equal(1, lockedOut.Verifications);
    }
}
