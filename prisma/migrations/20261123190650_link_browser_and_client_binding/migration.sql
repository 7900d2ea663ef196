-- AlterTable
ALTER TABLE "LoginCode" ADD COLUMN     "codeChallenge" TEXT;

-- AlterTable
ALTER TABLE "OAuthState" ADD COLUMN     "browserBindingHash" TEXT,
ADD COLUMN     "clientCodeChallenge" TEXT;
