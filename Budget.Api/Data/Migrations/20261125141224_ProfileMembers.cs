using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Budget.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProfileMembers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "profiles",
                type: "TEXT",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "profile_invitations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    profile_id = table.Column<long>(type: "INTEGER", nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_profile_invitations", x => x.id);
                    table.ForeignKey(
                        name: "FK_profile_invitations_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "profile_members",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    profile_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    joined_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_profile_members", x => x.id);
                    table.ForeignKey(
                        name: "FK_profile_members_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_profile_members_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_profile_invitations_email",
                table: "profile_invitations",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "IX_profile_invitations_profile_id_email",
                table: "profile_invitations",
                columns: new[] { "profile_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_profile_members_profile_id_user_id",
                table: "profile_members",
                columns: new[] { "profile_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_profile_members_user_id",
                table: "profile_members",
                column: "user_id");

            // Hand-written, unavoidably: existing profiles keep their owner's currency, and every owner becomes
            // their profile's first member (the access check reads memberships only).
            migrationBuilder.Sql("UPDATE profiles SET currency = (SELECT u.currency FROM users u WHERE u.id = profiles.user_id);");
            migrationBuilder.Sql("INSERT INTO profile_members (profile_id, user_id, role, joined_at, version) SELECT id, user_id, 'Admin', created_at, 1 FROM profiles;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "profile_invitations");

            migrationBuilder.DropTable(
                name: "profile_members");

            migrationBuilder.DropColumn(
                name: "currency",
                table: "profiles");
        }
    }
}
