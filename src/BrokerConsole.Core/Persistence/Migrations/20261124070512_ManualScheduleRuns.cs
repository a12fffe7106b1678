using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BrokerConsole.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ManualScheduleRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ScheduleRuns_ScheduleId_TradingDate",
                table: "ScheduleRuns");

            migrationBuilder.AddColumn<bool>(
                name: "Manual",
                table: "ScheduleRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleRuns_ScheduleId_TradingDate",
                table: "ScheduleRuns",
                columns: new[] { "ScheduleId", "TradingDate" },
                unique: true,
                filter: "\"Manual\" = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ScheduleRuns_ScheduleId_TradingDate",
                table: "ScheduleRuns");

            migrationBuilder.DropColumn(
                name: "Manual",
                table: "ScheduleRuns");

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleRuns_ScheduleId_TradingDate",
                table: "ScheduleRuns",
                columns: new[] { "ScheduleId", "TradingDate" },
                unique: true);
        }
    }
}
