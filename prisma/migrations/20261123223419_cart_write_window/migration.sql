-- CreateTable
CREATE TABLE "CartWriteWindow" (
    "userId" UUID NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "CartWriteWindow_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "CartWriteWindow" ADD CONSTRAINT "CartWriteWindow_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
