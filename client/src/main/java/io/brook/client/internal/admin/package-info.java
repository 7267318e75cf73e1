/**
 * The admin client's operations ({@link io.brook.client.internal.admin.AdminClient}): topic
 * creation, deletion, description and alteration, cluster description, and consumer groups
 * (listing, description, committed offsets, deletion) through their coordinators, and users (SCRAM
 * credentials derived client-side, described and deleted), each retried
 * until its deadline. Depends on the metadata, network and coordinator packages, the protocol
 * messages and the protocol's SCRAM library.
 */
package io.brook.client.internal.admin;
