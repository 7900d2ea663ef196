-- CreateTable
CREATE TABLE "PreferredLocation" (
    "userId" UUID NOT NULL,
    "locationId" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PreferredLocation_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "PreferredLocation" ADD CONSTRAINT "PreferredLocation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
